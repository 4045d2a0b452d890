package dev.berth.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiRequest;
import dev.berth.client.ApiResponse;
import dev.berth.client.DaemonClient;
import dev.berth.client.DaemonException;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth cp}: files between a container and the local filesystem, through the archive endpoints.
 * {@code CONTAINER:SRC DEST} reads a tar from {@code GET …/archive}; {@code SRC CONTAINER:DEST} asks the
 * destination's stat ({@code HEAD …/archive}) to decide between copying into a directory and copying to a
 * new name, then {@code PUT}s a tar. {@code -} on the local side is a tar on stdin or stdout.
 */
@Command(description = "Copy files/folders between a container and the local filesystem ('-' streams a tar)")
public final class CpCommand implements Callable<Integer> {
  private static final long DIR_BIT = 1L << 31;

  private final CliContext ctx;

  @Mixin HelpOption help;

  @Option(names = {"-a", "--archive"}, description = "Archive mode (copy all uid/gid information)") boolean archive;
  @Option(names = {"-L", "--follow-link"}, description = "Always follow symbol link in SRC_PATH") boolean followLink;
  @Option(names = {"-q", "--quiet"}, description = "Suppress progress output during copy") boolean quiet;

  @Parameters(index = "0", paramLabel = "SRC", description = "CONTAINER:SRC_PATH, a local path, or - (a tar on stdin)") String source;

  @Parameters(index = "1", paramLabel = "DEST", description = "CONTAINER:DEST_PATH, a local path, or - (a tar to stdout)") String destination;

  public CpCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    String[] from = split(source);
    String[] to = split(destination);
    if (from != null && to != null) throw new CliException("copying between containers is not supported");
    if (from == null && to == null) throw new CliException("must specify at least one container source");
    if (from != null) fromContainer(from[0], from[1]);
    else toContainer(to[0], to[1]);
    return 0;
  }

  /** {@code CONTAINER:PATH} as its two parts; null for a local path (which may itself contain ':' after a '/'). */
  static String[] split(String arg) {
    if (arg.equals("-") || arg.startsWith("/") || arg.startsWith(".")) return null;
    int colon = arg.indexOf(':');
    if (colon <= 0 || arg.substring(0, colon).contains("/")) return null;
    return new String[] {arg.substring(0, colon), arg.substring(colon + 1)};
  }

  private void fromContainer(String container, String path) throws IOException {
    try (ApiResponse response = ctx.client().call(ApiRequest.get(Containers.path(container, "archive")).query("path", path).build())) {
      if (destination.equals("-")) {
        response.body().transferTo(ctx.stdout());
        ctx.stdout().flush();
        return;
      }
      Path dest = Path.of(destination).toAbsolutePath();
      boolean sourceIsDir = (stat(response.header("X-Docker-Container-Path-Stat")).path("mode").asLong() & DIR_BIT) != 0;
      if (Files.isDirectory(dest)) {
        LocalTar.extract(response.body(), dest, baseName(path));
      } else {
        if (Files.exists(dest) && sourceIsDir) throw new CliException("cannot copy a directory to a file: " + destination);
        if (!Files.isDirectory(dest.getParent())) throw new CliException("no such directory: " + dest.getParent());
        LocalTar.extract(response.body(), dest.getParent(), dest.getFileName().toString());
      }
    }
  }

  private void toContainer(String container, String path) throws IOException {
    if (source.equals("-")) {
      put(container, path, ctx.stdin());
      return;
    }
    Path src = Path.of(source);
    if (!Files.exists(src, java.nio.file.LinkOption.NOFOLLOW_LINKS)) throw new CliException("lstat " + source + ": no such file or directory");
    JsonNode destStat = destinationStat(container, path);
    String dir;
    String name;
    if (destStat != null && (destStat.path("mode").asLong() & DIR_BIT) != 0) {
      dir = path;
      name = baseName(src.toAbsolutePath().normalize().toString());
    } else {
      if (destStat != null && Files.isDirectory(src)) throw new CliException("cannot copy a directory to a file: " + destination);
      dir = parent(path);
      name = baseName(path);
    }
    PipedInputStream in = new PipedInputStream(64 * 1024);
    PipedOutputStream out = new PipedOutputStream(in);
    Thread writer = Thread.ofVirtual().name("berth-cp-tar").start(() -> {
      try (out) {
        LocalTar.write(src, name, followLink, out);
      } catch (IOException e) {
        // the upload sees a truncated tar and the daemon rejects it
      }
    });
    try {
      put(container, dir, in);
    } finally {
      writer.interrupt();
    }
  }

  private void put(String container, String path, java.io.InputStream tar) throws IOException {
    ctx.client().send(ApiRequest.put(Containers.path(container, "archive")).flag("copyUIDGID", archive)
        .query("noOverwriteDirNonDir", "true").query("path", path).body(tar, "application/x-tar").build());
  }

  private JsonNode destinationStat(String container, String path) throws IOException {
    try (ApiResponse response = ctx.client().call(ApiRequest.head(Containers.path(container, "archive")).query("path", path).build())) {
      return stat(response.header("X-Docker-Container-Path-Stat"));
    } catch (DaemonException e) {
      if (e.status() == 404) return null;
      throw e;
    }
  }

  private static JsonNode stat(String header) throws IOException {
    if (header == null || header.isBlank()) return DaemonClient.mapper().createObjectNode();
    return DaemonClient.mapper().readTree(new String(Base64.getDecoder().decode(header.strip()), StandardCharsets.UTF_8));
  }

  static String baseName(String path) {
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
    if (p.endsWith("/.")) p = p.substring(0, p.length() - 2);
    int slash = p.lastIndexOf('/');
    String name = slash < 0 ? p : p.substring(slash + 1);
    return name.isEmpty() || name.equals(".") ? "." : name;
  }

  private static String parent(String path) {
    String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    int slash = p.lastIndexOf('/');
    if (slash < 0) return ".";
    return slash == 0 ? "/" : p.substring(0, slash);
  }
}
