package dev.berth.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.cli.format.NodeTemplate;
import dev.berth.cli.image.InspectCommand;
import dev.berth.client.ApiRequest;
import dev.berth.client.DaemonClient;
import dev.berth.client.DaemonException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth container inspect}, and {@code berth inspect}, which tries a container first and then an
 * image (or only the {@code --type} given), as docker's top-level inspect does.
 */
@Command(description = "Display detailed information on one or more containers (or images), as JSON")
public final class ContainerInspectCommand implements Callable<Integer> {
  private final CliContext ctx;
  private final boolean anyType;

  @Mixin HelpOption help;

  @Parameters(arity = "1..*", paramLabel = "NAME", description = "Container (or image) name or ID") List<String> names;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Format output: 'json' (default) or a Go template such as '{{.State.Status}}'") String format;

  @Option(names = {"-s", "--size"}, description = "Display total file sizes") boolean size;

  @Option(names = "--type", paramLabel = "TYPE", description = "Only this type of object: container or image (berth inspect only)") String type;

  /** The container-only command. */
  public ContainerInspectCommand(CliContext ctx) {
    this(ctx, false);
  }

  /** @param anyType true for the top-level {@code inspect}: containers, then images */
  public ContainerInspectCommand(CliContext ctx, boolean anyType) {
    this.ctx = ctx;
    this.anyType = anyType;
  }

  @Override
  public Integer call() throws IOException {
    ArrayNode found = DaemonClient.mapper().createArrayNode();
    List<String> errors = new ArrayList<>();
    String template = ctx.formatText(format);
    for (String name : names) {
      JsonNode object = lookUp(name);
      if (object == null) {
        errors.add("Error: No such " + (anyType && type == null ? "object" : anyType ? type : "container") + ": " + name);
        continue;
      }
      found.add(object);
      if (template != null && !template.equals("json")) ctx.out().println(NodeTemplate.apply(template, object));
    }
    if (template == null || template.equals("json")) ctx.out().println(InspectCommand.pretty(found));
    ctx.out().flush();
    errors.forEach(ctx.err()::println);
    return errors.isEmpty() ? 0 : 1;
  }

  private JsonNode lookUp(String name) throws IOException {
    boolean containers = !anyType || type == null || type.equals("container");
    boolean images = anyType && (type == null || type.equals("image"));
    if (containers) {
      JsonNode c = orNull(ApiRequest.get(Containers.path(name, "json")).flag("size", size).build());
      if (c != null) return c;
    }
    return images ? orNull(ApiRequest.get("/images/" + ApiRequest.encode(name) + "/json").build()) : null;
  }

  private JsonNode orNull(ApiRequest request) throws IOException {
    try {
      return ctx.client().json(request);
    } catch (DaemonException e) {
      if (e.status() == 404) return null;
      throw e;
    }
  }
}
