package dev.berth.cli.image;

import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code berth tag SOURCE TARGET}. */
@Command(description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
public final class TagCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(index = "0", paramLabel = "SOURCE_IMAGE[:TAG]", description = "The image to tag: a name or an ID")
  String source;

  @Parameters(index = "1", paramLabel = "TARGET_IMAGE[:TAG]", description = "The new name; the tag defaults to latest")
  String target;

  public TagCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    String[] repoTag = splitTag(target);
    ctx.client().send(ApiRequest.post("/images/" + ApiRequest.encode(source) + "/tag")
        .query("repo", repoTag[0]).query("tag", repoTag[1]).build());
    return 0;
  }

  /** {@code repo[:tag]} split at the tag's colon (not a registry port's); the tag defaults to "latest". */
  static String[] splitTag(String ref) {
    if (ref.contains("@")) throw new CliException("refusing to create a tag with a digest reference: \"" + ref + "\"");
    int colon = ref.lastIndexOf(':');
    if (colon > ref.lastIndexOf('/')) return new String[] {ref.substring(0, colon), ref.substring(colon + 1)};
    return new String[] {ref, "latest"};
  }
}
