package dev.berth.cli.image;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.cli.format.NodeTemplate;
import dev.berth.client.ApiRequest;
import dev.berth.client.DaemonClient;
import dev.berth.client.DaemonException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth image inspect} / {@code berth inspect}: the daemon's JSON, as a pretty array. */
@Command(description = "Display detailed information on one or more images, as JSON")
public final class InspectCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image name or ID")
  List<String> names;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Format output: 'json' (default) or a Go template such as '{{.Id}}' or '{{json .Config}}'")
  String format;

  public InspectCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    ArrayNode found = DaemonClient.mapper().createArrayNode();
    List<String> errors = new java.util.ArrayList<>();
    String template = ctx.formatText(format);
    for (String name : names) {
      try {
        JsonNode image = ctx.client().json(ApiRequest.get("/images/" + ApiRequest.encode(name) + "/json").build());
        found.add(image);
        if (template != null && !template.equals("json")) ctx.out().println(NodeTemplate.apply(template, image));
      } catch (DaemonException e) {
        if (e.status() != 404) throw e;
        errors.add("Error response from daemon: " + e.getMessage());
      }
    }
    if (template == null || template.equals("json")) ctx.out().println(pretty(found));
    ctx.out().flush();
    errors.forEach(ctx.err()::println);
    return errors.isEmpty() ? 0 : 1;
  }

  /** Four-space indentation and {@code "key": value}, as the docker CLI prints JSON. */

  /**
   * The shared body of {@code volume inspect} and {@code network inspect}: {@code GET <collection>/<name>} for
   * each name, printed as one pretty JSON array (or through a Go template per object); a missing one (404) is
   * reported after the rest, and makes the exit code 1.
   */
  public static int inspectEach(dev.berth.cli.CliContext ctx, List<String> names, String format, String collection)
      throws IOException {
    com.fasterxml.jackson.databind.node.ArrayNode found = dev.berth.client.DaemonClient.mapper().createArrayNode();
    List<String> errors = new java.util.ArrayList<>();
    String template = ctx.formatText(format);
    for (String name : names) {
      try {
        JsonNode object = ctx.client().json(dev.berth.client.ApiRequest.get(collection + "/" + dev.berth.client.ApiRequest.encode(name)).build());
        found.add(object);
        if (template != null && !template.equals("json")) ctx.out().println(dev.berth.cli.format.NodeTemplate.apply(template, object));
      } catch (dev.berth.client.DaemonException e) {
        if (e.status() != 404) throw e;
        errors.add("Error response from daemon: " + e.getMessage());
      }
    }
    if (template == null || template.equals("json")) ctx.out().println(pretty(found));
    ctx.out().flush();
    errors.forEach(ctx.err()::println);
    return errors.isEmpty() ? 0 : 1;
  }

  public static String pretty(JsonNode node) throws IOException {
    Separators separators = Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator("");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators)
        .withObjectIndenter(new DefaultIndenter("    ", "\n"))
        .withArrayIndenter(new DefaultIndenter("    ", "\n"));
    return DaemonClient.mapper().writer(printer).writeValueAsString(node);
  }
}
