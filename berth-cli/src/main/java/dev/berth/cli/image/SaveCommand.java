package dev.berth.cli.image;

import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiRequest;
import dev.berth.client.ApiResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth save}: streams the daemon's tar to a file (written beside it, then renamed, so a failure
 * leaves no half tar) or to a redirected standard output, never to a terminal.
 */
@Command(description = "Save one or more images to a tar archive (streamed to standard output by default)")
public final class SaveCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image name or ID")
  List<String> names;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to a file, instead of STDOUT")
  Path output;

  public SaveCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    if (output == null && ctx.terminals().stdout()) {
      throw new CliException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
    }
    ApiRequest.Builder request = ApiRequest.get("/images/get");
    names.forEach(n -> request.query("names", n));
    try (ApiResponse response = ctx.client().call(request.build())) {
      if (output == null) {
        OutputStream out = ctx.stdout();
        response.body().transferTo(out);
        out.flush();
      } else {
        writeFile(response);
      }
    }
    return 0;
  }

  private void writeFile(ApiResponse response) throws IOException {
    Path target = output.toAbsolutePath();
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".partial");
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        response.body().transferTo(out);
      }
      // createTempFile makes it 0600; a saved tar is an ordinary file, as docker's is.
      Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
