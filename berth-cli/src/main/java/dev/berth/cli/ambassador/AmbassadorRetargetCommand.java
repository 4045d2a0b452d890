package dev.berth.cli.ambassador;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiRequest;
import dev.berth.client.DaemonClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code berth ambassador retarget NAME PORT[/PROTO]=tcp://host:port[,tcp://host:port…]…}: points listeners of a
 * running ambassador at new backends without restarting it. Open connections drain to the old target.
 */
@Command(description = "Point an ambassador's listener at new backends without a restart; open connections drain to the old target",
    footerHeading = "%nExamples:%n",
    footer = {
      "  berth ambassador retarget redis_ambassador 6379=tcp://10.0.0.7:6379",
      "  berth ambassador retarget redis_ambassador 6379=tcp://10.0.0.7:6379,tcp://10.0.0.8:6379   (fallback, in order)",
      "  berth ambassador retarget dns_ambassador 53/udp=udp://10.0.0.9:53"})
public final class AmbassadorRetargetCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(index = "0", paramLabel = "AMBASSADOR", description = "The ambassador container's name or ID")
  String ambassador;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "PORT=TARGET", description = "PORT[/tcp|/udp]=tcp://host:port[,tcp://host:port...]: the new backends of that listener, tried in order")
  List<String> targets;

  public AmbassadorRetargetCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  /** One parsed {@code PORT[/PROTO]=targets} argument. */
  record Target(int port, String protocol, List<String> backends) {}

  static Target parse(String arg) {
    int eq = arg.indexOf('=');
    if (eq <= 0 || eq == arg.length() - 1) throw new CliException("invalid target \"" + arg + "\": want PORT=tcp://host:port");
    String key = arg.substring(0, eq);
    String protocol = "tcp";
    int slash = key.indexOf('/');
    if (slash >= 0) {
      protocol = key.substring(slash + 1);
      key = key.substring(0, slash);
      if (!protocol.equals("tcp") && !protocol.equals("udp")) throw new CliException("invalid target \"" + arg + "\": the protocol must be tcp or udp");
    }
    int port;
    try {
      port = Integer.parseInt(key);
    } catch (NumberFormatException e) {
      throw new CliException("invalid target \"" + arg + "\": \"" + key + "\" is not a port number");
    }
    if (port < 1 || port > 65535) throw new CliException("invalid target \"" + arg + "\": port " + port + " is out of range 1-65535");
    List<String> backends = Arrays.stream(arg.substring(eq + 1).split(",")).map(String::strip).toList();
    return new Target(port, protocol, backends);
  }

  @Override
  public Integer call() throws IOException {
    List<Target> parsed = new ArrayList<>();
    for (String t : targets) parsed.add(parse(t));
    for (Target t : parsed) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("Port", t.port());
      body.put("Protocol", t.protocol());
      body.put("Backends", t.backends());
      JsonNode v = ctx.client().json(ApiRequest.post("/ambassadors/" + ApiRequest.encode(ambassador) + "/retarget")
          .body(new java.io.ByteArrayInputStream(DaemonClient.mapper().writeValueAsBytes(body)), "application/json").build());
      ctx.out().println(v.path("Name").asText() + " " + t.port() + "/" + t.protocol() + " -> " + String.join(",", t.backends()));
    }
    return 0;
  }
}
