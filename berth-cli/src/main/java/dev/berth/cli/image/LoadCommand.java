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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth load}: streams a tar (docker-save or OCI archive) from a file or standard input. */
@Command(description = "Load images from a tar archive (docker save format or OCI archive), from a file or STDIN")
public final class LoadCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "Read from tar archive file, instead of STDIN")
  Path input;

  @Option(names = {"-q", "--quiet"}, description = "Suppress the load output")
  boolean quiet;

  public LoadCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    InputStream body = open();
    ctx.client().stream(ApiRequest.post("/images/load").flag("quiet", quiet).body(body, "application/x-tar").build(),
        message -> Progress.print(ctx.out(), message, quiet));
    return 0;
  }

  private InputStream open() throws IOException {
    if (input == null) {
      if (ctx.terminals().stdin()) throw new CliException("requested load from stdin, but stdin is empty");
      return ctx.stdin();
    }
    try {
      return Files.newInputStream(input);
    } catch (NoSuchFileException e) {
      throw new CliException("open " + input + ": no such file or directory");
    }
  }
}
