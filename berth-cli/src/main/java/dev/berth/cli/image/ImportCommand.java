package dev.berth.cli.image;

import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth import FILE|- [REPOSITORY[:TAG]]}: a root filesystem tar becomes a one-layer image. */
@Command(description = "Import the contents from a tarball to create a filesystem image, optionally changing its config with Dockerfile instructions")
public final class ImportCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(index = "0", paramLabel = "file|-", description = "A root filesystem tar (plain, gzip or zstd); - reads STDIN")
  String source;

  @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]", description = "Name for the new image")
  String reference;

  @Option(names = {"-c", "--change"}, paramLabel = "CHANGE", description = "Apply Dockerfile instruction to the created image (CMD, ENTRYPOINT, ENV, WORKDIR, EXPOSE, LABEL, USER, VOLUME)")
  List<String> changes;

  @Option(names = {"-m", "--message"}, paramLabel = "MESSAGE", description = "Set commit message for imported image")
  String message;

  public ImportCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    if (source.contains("://")) throw new CliException("importing from a URL is not supported: give a file or - for STDIN");
    ApiRequest.Builder request = ApiRequest.post("/images/create").query("fromSrc", "-");
    if (reference != null) {
      String[] repoTag = TagCommand.splitTag(reference);
      request.query("repo", repoTag[0]).query("tag", repoTag[1]);
    }
    request.query("message", message);
    if (changes != null) changes.forEach(c -> request.query("changes", c));
    ctx.client().stream(request.body(open(), "application/x-tar").build(), m -> Progress.print(ctx.out(), m, false));
    return 0;
  }

  private InputStream open() throws IOException {
    if (source.equals("-")) return ctx.stdin();
    try {
      return Files.newInputStream(Path.of(source));
    } catch (NoSuchFileException e) {
      throw new CliException("open " + source + ": no such file or directory");
    }
  }
}
