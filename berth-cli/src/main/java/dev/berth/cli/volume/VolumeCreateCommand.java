package dev.berth.cli.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiRequest;
import dev.berth.client.DaemonClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth volume create}: prints the new (or existing) volume's name, as docker does. */
@Command(description = "Create a volume (an anonymous one when no name is given); creating an existing name is harmless")
public final class VolumeCreateCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(arity = "0..1", paramLabel = "VOLUME", description = "The volume's name")
  String positional;

  @Option(names = "--name", paramLabel = "NAME", description = "The volume's name (the same as the VOLUME argument)")
  String name;

  @Option(names = {"-d", "--driver"}, paramLabel = "DRIVER", defaultValue = "local", description = "Volume driver name (default: ${DEFAULT-VALUE})")
  String driver;

  @Option(names = {"-o", "--opt"}, paramLabel = "KEY=VALUE", description = "Driver options: type, device and o (e.g. -o type=tmpfs -o device=tmpfs -o o=size=64m)")
  List<String> opts;

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Set metadata on the volume")
  List<String> labels;

  public VolumeCreateCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    if (name != null && positional != null && !name.equals(positional)) {
      throw new CliException("conflicting options: either specify --name or provide positional arg, not both");
    }
    ObjectNode body = DaemonClient.mapper().createObjectNode();
    String n = name != null ? name : positional;
    if (n != null) body.put("Name", n);
    body.put("Driver", driver);
    body.set("DriverOpts", DaemonClient.mapper().valueToTree(keyValues(opts)));
    body.set("Labels", DaemonClient.mapper().valueToTree(keyValues(labels)));
    byte[] json = DaemonClient.mapper().writeValueAsBytes(body);
    JsonNode volume = ctx.client().json(ApiRequest.post("/volumes/create")
        .body(new ByteArrayInputStream(json), "application/json").build());
    ctx.out().println(volume.path("Name").asText());
    return 0;
  }

  /** {@code key=value} flags as a map; a bare {@code key} has an empty value, as in the docker CLI. */
  public static Map<String, String> keyValues(List<String> flags) {
    Map<String, String> out = new LinkedHashMap<>();
    if (flags == null) return out;
    for (String flag : flags) {
      int eq = flag.indexOf('=');
      if (eq == 0) throw new CliException("invalid key=value \"" + flag + "\": the key is empty");
      if (eq < 0) out.put(flag, "");
      else out.put(flag.substring(0, eq), flag.substring(eq + 1));
    }
    return out;
  }
}
