package dev.berth.cli.bootstrap;

import dev.berth.cli.CliException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A Debian root filesystem tar made by {@code debootstrap --variant=minbase SUITE DIR}, cached under
 * {@code /var/cache/berth/bootstrap/} so that later runs skip debootstrap. The tar is made with GNU tar
 * (numeric owners, sorted names). A failed run leaves no cache file and no work directory behind.
 */
public final class DebianRootfs {
  public static final Path DEFAULT_CACHE = Path.of("/var/cache/berth/bootstrap");

  /** Runs a command, its output going to the user; returns the exit status. Tests swap in a fake. */
  public interface Runner {
    int run(List<String> command, PrintWriter output) throws IOException;
  }

  private final Path cacheDir;
  private final Runner runner;
  private final PrintWriter log;

  public DebianRootfs(Path cacheDir, Runner runner, PrintWriter log) {
    this.cacheDir = cacheDir;
    this.runner = runner;
    this.log = log;
  }

  /** Where the tar of a suite is cached. */
  public Path cachedTar(String suite) {
    return cacheDir.resolve("debian-" + suite + "-minbase.tar");
  }

  /** The cached tar, made first when absent. */
  public Path tar(String suite, String mirror) throws IOException {
    Path cached = cachedTar(suite);
    if (Files.isRegularFile(cached)) {
      log.println("Using cached root filesystem " + cached);
      return cached;
    }
    Files.createDirectories(cacheDir);
    Path work = Files.createTempDirectory(cacheDir, ".debootstrap-" + suite + "-");
    Path rootfs = work.resolve("rootfs");
    Path partial = work.resolve("rootfs.tar");
    try {
      List<String> debootstrap = new ArrayList<>(List.of(tool("debootstrap", "debootstrap"), "--variant=minbase", suite, rootfs.toString()));
      if (mirror != null) debootstrap.add(mirror);
      check(runner.run(debootstrap, log), "debootstrap");
      check(runner.run(List.of(tool("tar", "tar"), "--numeric-owner", "--sort=name", "--xattrs", "--xattrs-include=*",
          "-C", rootfs.toString(), "-cf", partial.toString(), "."), log), "tar");
      Files.move(partial, cached, StandardCopyOption.ATOMIC_MOVE);
      return cached;
    } finally {
      WorkDirs.remove(work);
    }
  }

  private static void check(int status, String tool) {
    if (status != 0) throw new CliException(tool + " failed with exit status " + status + " (see its output above)");
  }

  /** The tool's path, looked up in the usual system directories; missing names the Debian package. */
  static String tool(String name, String debianPackage) {
    for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) return p.toString();
    }
    throw new CliException(name + " not found: install the Debian package " + debianPackage + " (apt-get install " + debianPackage + ")");
  }

  /** The real runner: the child's output and errors are copied to {@code output} line by line. */
  public static int runProcess(List<String> command, PrintWriter output) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    try (var lines = p.inputReader().lines()) {
      lines.forEach(line -> {
        output.println(line);
        output.flush();
      });
    }
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.getFirst(), e);
    }
  }
}
