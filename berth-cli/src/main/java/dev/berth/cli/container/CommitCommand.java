package dev.berth.cli.container;

import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth commit}: a container's changes become a new image; prints its ID. */
@Command(description = "Create a new image from a container's changes")
public final class CommitCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = {"-m", "--message"}, paramLabel = "TEXT", description = "Commit message") String message;
  @Option(names = {"-a", "--author"}, paramLabel = "NAME", description = "Author (e.g. \"John Hannibal Smith <hannibal@a-team.com>\")") String author;
  @Option(names = {"-c", "--change"}, paramLabel = "INSTRUCTION", description = "Apply Dockerfile instruction to the created image (ENV, CMD, LABEL, …)") List<String> changes = new ArrayList<>();
  @Option(names = {"-p", "--pause"}, arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "Pause container during commit (default true)") boolean pause = true;

  @Parameters(index = "0", paramLabel = "CONTAINER", description = "Container name or ID") String container;

  @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]", description = "The new image's name") String reference;

  public CommitCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    String repo = null;
    String tag = null;
    if (reference != null) {
      int colon = reference.lastIndexOf(':');
      boolean hasTag = colon > reference.lastIndexOf('/');
      repo = hasTag ? reference.substring(0, colon) : reference;
      tag = hasTag ? reference.substring(colon + 1) : null;
    }
    ApiRequest.Builder request = ApiRequest.post("/commit").query("author", author);
    changes.forEach(c -> request.query("changes", c));
    request.query("comment", message).query("container", container).query("pause", pause ? null : "0").query("repo", repo).query("tag", tag);
    ctx.out().println(ctx.client().json(request.build()).path("Id").asText());
    return 0;
  }
}
