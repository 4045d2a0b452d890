package dev.berth.cli.dockerfile;

import dev.berth.build.dockerfile.Dockerfile;
import dev.berth.build.dockerfile.DockerfileException;
import dev.berth.build.dockerfile.SyntaxTree;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.HelpOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth dockerfile parse FILE}: the syntax tree in BuildKit's dump format, so a user sees how a
 * Dockerfile is read (continuations joined, JSON or shell form, flags, ENV pairs). Runs here, not in the
 * daemon: parsing needs no image or container. The words below are the ones docs/dockerfile.md uses.
 */
@Command(
    name = "parse",
    description = {
        "Print how a Dockerfile is read: its syntax tree in BuildKit's dump format, one instruction per line.",
        "Runs locally, without the daemon. A Dockerfile that cannot be read prints the error, located as "
            + "FILE:LINE:COLUMN, on stderr and exits with status 1. Warnings (such as an empty continuation "
            + "line) go to stderr."
    })
public final class DockerfileParseCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(index = "0", paramLabel = "FILE", description = "The Dockerfile to read, or '-' for standard input")
  String file;

  @Option(names = "--check", description = "Also check each instruction as a build would (known instruction, "
      + "its flags and arguments, a FROM before the first stage's instructions)")
  boolean check;

  public DockerfileParseCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    String name = file.equals("-") ? "Dockerfile" : file;
    String text = read();
    try {
      SyntaxTree tree = check ? Dockerfile.parse(text, name).tree() : SyntaxTree.parse(text, name);
      tree.warnings().forEach(w -> ctx.err().println("[WARNING]: " + w));
      ctx.out().print(tree.dump());
      ctx.out().flush();
      return 0;
    } catch (DockerfileException e) {
      ctx.out().flush();
      ctx.err().println(e.getMessage());
      ctx.err().flush();
      return 1;
    }
  }

  private String read() {
    if (!file.equals("-") && Files.isDirectory(Path.of(file))) {
      throw new CliException("cannot read Dockerfile " + file + ": it is a directory; give the path of the Dockerfile in it");
    }
    try {
      byte[] bytes = file.equals("-") ? ctx.stdin().readAllBytes() : Files.readAllBytes(Path.of(file));
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CliException("cannot read Dockerfile " + file + ": no such file");
    } catch (IOException e) {
      throw new CliException("cannot read Dockerfile " + file + ": " + e.getMessage(), e);
    }
  }
}
