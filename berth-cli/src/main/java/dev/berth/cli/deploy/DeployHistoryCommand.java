package dev.berth.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.HelpOption;
import dev.berth.cli.format.Rows;
import dev.berth.cli.stack.StackApi;
import dev.berth.cli.stack.StackFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code berth deploy history HOST}: the versions of a project recorded on a host, oldest first. */
@Command(name = "history", description = "List the versions of a project deployed to a host, oldest first")
public final class DeployHistoryCommand implements Callable<Integer> {
  static final Rows.Columns COLUMNS = new Rows.Columns(List.of("Version", "Time", "Digest", "Images", "Note"), Map.of());

  @ParentCommand DeployCommand parent;

  @Mixin HelpOption help;

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The stack file that names the project (default: compose.yaml, ... in the current directory)")
  String file;

  @Option(names = {"-p", "--project-name"}, paramLabel = "PROJECT", description = "The project name (default: the stack file's)")
  String project;

  @Option(names = "--format", paramLabel = "FORMAT", description = "table (default), json (one object per version), or a Go template")
  String format;

  @Parameters(paramLabel = "HOST", description = "The host, as ssh://[USER@]HOST[:PORT]")
  String host;

  public DeployHistoryCommand() {}

  @Override
  public Integer call() throws IOException {
    String name = project != null ? project : StackFiles.load(parent.ctx, file, null).project();
    JsonNode versions = new StackApi(parent.remote(host)).versions(name);
    List<Map<String, String>> rows = new ArrayList<>();
    for (JsonNode v : versions) rows.add(row(v));
    parent.ctx.out().print(Rows.render(parent.ctx.format(format), COLUMNS, rows));
    return 0;
  }

  private static Map<String, String> row(JsonNode v) {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("Version", v.path("number").asText());
    row.put("Time", v.path("time").asText());
    row.put("Digest", v.path("digest").asText().replaceFirst("^sha256:", "").substring(0, 12));
    List<String> images = new ArrayList<>();
    v.path("images").properties().forEach(e -> images.add(e.getKey() + "=" + e.getValue().asText().replaceFirst("^sha256:", "").substring(0, 12)));
    java.util.Collections.sort(images);
    row.put("Images", String.join(",", images));
    row.put("Note", v.hasNonNull("rollbackOf") ? "rollback to version " + v.path("rollbackOf").asText() : "");
    return row;
  }
}
