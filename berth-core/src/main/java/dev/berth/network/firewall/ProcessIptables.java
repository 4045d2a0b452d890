package dev.berth.network.firewall;

import dev.berth.errors.SystemException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs {@code iptables-restore} and {@code iptables-save} (whichever backend the host's alternatives pick;
 * nf_tables here). Each run has a deadline: a wedged tool is killed and reported rather than left to hang the
 * daemon. {@code -w} makes the legacy backend wait for the xtables lock instead of failing at once.
 */
final class ProcessIptables implements IptablesRunner {
  private static final Pattern FAILED_LINE =
      Pattern.compile("(?:line:? (\\d+) failed|Error occurred at line: (\\d+))");
  private static final List<Path> DIRS = List.of(Path.of("/usr/sbin"), Path.of("/sbin"), Path.of("/usr/bin"));

  private final List<String> launcher;
  private final String restore;
  private final String save;
  private final Duration timeout;

  ProcessIptables(String restore, String save, Duration timeout) {
    this(List.of(), restore, save, timeout);
  }

  /**
   * @param launcher words put before each tool's command line, e.g. {@code ip netns exec NS} to work on the
   *     tables of another network namespace (the end-to-end tests' private "host")
   */
  ProcessIptables(List<String> launcher, String restore, String save, Duration timeout) {
    this.launcher = List.copyOf(launcher);
    this.restore = restore;
    this.save = save;
    this.timeout = timeout;
  }

  /** The host's tools, found in the sbin directories (berthd's PATH may lack them), with a 30 s deadline. */
  static ProcessIptables system() {
    return new ProcessIptables(find("iptables-restore"), find("iptables-save"), Duration.ofSeconds(30));
  }

  /** {@code tool} in the sbin and bin directories, else its bare name (for PATH). */
  static String find(String tool) {
    return DIRS.stream().map(d -> d.resolve(tool)).filter(Files::isExecutable).findFirst()
        .map(Path::toString).orElse(tool);
  }

  @Override
  public void restore(String action, String batch) {
    Output out = run(action, List.of(restore, "-w", "10", "--noflush"), batch);
    if (out.exit() != 0) {
      throw new SystemException(action + ": iptables-restore failed (exit " + out.exit() + ")"
          + failingLine(out.stderr(), batch) + ": " + reason(out.stderr()));
    }
  }

  @Override
  public String save(String table) {
    String action = "read the iptables " + table + " table";
    Output out = run(action, List.of(save, "-t", table), null);
    if (out.exit() != 0) {
      throw new SystemException(action + ": iptables-save failed (exit " + out.exit() + "): " + reason(out.stderr()));
    }
    return out.stdout();
  }

  @Override
  public String saveCounted(String table) {
    String action = "read the iptables " + table + " table's counters";
    Output out = run(action, List.of(save, "-c", "-t", table), null);
    if (out.exit() != 0) {
      throw new SystemException(action + ": iptables-save failed (exit " + out.exit() + "): " + reason(out.stderr()));
    }
    return out.stdout();
  }

  private record Output(int exit, String stdout, String stderr) {}

  private Output run(String action, List<String> argv, String input) {
    Process p;
    try {
      p = new ProcessBuilder(Stream.concat(launcher.stream(), argv.stream()).toList()).start();
    } catch (IOException e) {
      throw new SystemException(action + ": cannot run " + argv.getFirst() + " (is the iptables package installed?): "
          + e.getMessage(), e);
    }
    try (ExecutorService io = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<String> out = io.submit(() -> drain(p.getInputStream()));
      Future<String> err = io.submit(() -> drain(p.getErrorStream()));
      feed(p.getOutputStream(), input);
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor();
        throw new SystemException(action + ": " + argv.getFirst() + " did not finish within " + timeout.toSeconds()
            + " s and was killed");
      }
      return new Output(p.exitValue(), out.get(), err.get());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new SystemException(action + ": interrupted while " + argv.getFirst() + " ran", e);
    } catch (ExecutionException e) {
      throw new SystemException(action + ": reading " + argv.getFirst() + "'s output failed: "
          + e.getCause().getMessage(), e.getCause());
    }
  }

  /** Writes the batch and closes stdin; a tool that stops reading early reports why through its exit. */
  private static void feed(OutputStream stdin, String input) {
    try (stdin) {
      if (input != null) stdin.write(input.getBytes(StandardCharsets.UTF_8));
    } catch (IOException brokenPipe) {
      // the exit status and stderr explain it
    }
  }

  private static String drain(InputStream in) throws IOException {
    try (in) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      in.transferTo(buf);
      return buf.toString(StandardCharsets.UTF_8);
    }
  }

  /** " at line 7 (-A X …)" when iptables-restore named the line, so the message shows the rule it refused. */
  static String failingLine(String stderr, String batch) {
    Matcher m = FAILED_LINE.matcher(stderr);
    if (!m.find()) return "";
    int n = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
    String[] lines = batch.split("\n");
    return n >= 1 && n <= lines.length ? " at line " + n + " (" + lines[n - 1] + ")" : " at line " + n;
  }

  /** iptables' own explanation: its stderr without the usage hint, on one line. */
  static String reason(String stderr) {
    String text = stderr.lines().filter(l -> !l.startsWith("Try `") && !l.isBlank())
        .reduce((a, b) -> a + "; " + b).orElse("no message");
    return text.strip();
  }
}
