package dev.berth.runtime.top;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code docker top} as dockerd does it: the host's {@code ps} with the caller's arguments (default
 * {@code -ef}), first narrowed with {@code -q <pids>} and, when ps refuses that combination (BSD options
 * such as {@code f}), run again without it; either way only rows of the container's pids are kept. ps runs
 * without a shell, so the arguments cannot do more than choose ps options. ps refusing its arguments is an
 * InvalidArgumentException carrying the first line of its complaint.
 */
public final class ProcessTop {
  public static final String DEFAULT_ARGS = "-ef";
  private static final long TIMEOUT_SECONDS = 30;
  /** {@code -o user=PID}: renaming a column to PID would fake the column the filter reads. */
  private static final Pattern RENAMED_PID = Pattern.compile("(\\S*)=\\s*(PID\\S*)");

  private ProcessTop() {}

  /** {@code docker top}'s answer: column titles and one row per process (or thread) of the container. */
  public record Table(List<String> titles, List<List<String>> rows) {
    public Table {
      titles = List.copyOf(titles);
      rows = rows.stream().map(List::copyOf).toList();
    }
  }

  /** What running ps gave: exit status and both streams. */
  public record PsResult(int exitCode, String stdout, String stderr) {}

  /** Runs ps with the given arguments; the host's /usr/bin/ps normally, a fake in tests. */
  @FunctionalInterface
  public interface Ps {
    PsResult run(List<String> args) throws IOException;
  }

  /** The container's processes in the host's ps table. */
  public static Table top(List<Integer> pids, String psArgs) {
    return top(pids, psArgs, ProcessTop::hostPs);
  }

  public static Table top(List<Integer> pids, String psArgs, Ps ps) {
    List<String> args = arguments(psArgs);
    String pidList = pids.stream().map(String::valueOf).collect(Collectors.joining(","));
    try {
      List<String> narrowed = new ArrayList<>(args);
      narrowed.addAll(List.of("-q", pidList));
      PsResult r = pids.isEmpty() ? null : ps.run(narrowed);
      if (r == null || r.exitCode() != 0) {
        r = ps.run(args); // some options (BSD f, for one) refuse -q
      }
      if (r.exitCode() != 0) {
        throw new InvalidArgumentException("ps " + String.join(" ", args) + ": " + firstLine(r));
      }
      return PsTable.parse(r.stdout(), new HashSet<>(pids));
    } catch (IOException e) {
      throw new SystemException("top: cannot run ps: " + e.getMessage(), e);
    }
  }

  /** Splits the arguments on blanks; refuses renaming a column to PID, which would fool the filter. */
  static List<String> arguments(String psArgs) {
    String text = psArgs == null || psArgs.isBlank() ? DEFAULT_ARGS : psArgs.strip();
    Matcher m = RENAMED_PID.matcher(text);
    while (m.find()) {
      if (!m.group(1).equals("pid")) {
        throw new InvalidArgumentException("ps arguments: specifying \"" + m.group(1) + "=" + m.group(2) + "\" is not allowed");
      }
    }
    return Arrays.stream(text.split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  private static String firstLine(PsResult r) {
    String err = r.stderr().strip();
    if (err.isEmpty()) return "exit status " + r.exitCode();
    return err.lines().findFirst().orElse(err);
  }

  private static PsResult hostPs(List<String> args) throws IOException {
    List<String> argv = new ArrayList<>(List.of("ps"));
    argv.addAll(args);
    Process p = new ProcessBuilder(argv)
        .redirectInput(Redirect.from(new File("/dev/null")))
        .start();
    try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<String> out = readers.submit(() -> drain(p.getInputStream()));
      Future<String> err = readers.submit(() -> drain(p.getErrorStream()));
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("ps did not finish within " + TIMEOUT_SECONDS + " s");
      }
      return new PsResult(p.exitValue(), out.get(), err.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while running ps", e);
    } catch (ExecutionException e) {
      throw new IOException("reading ps output: " + e.getCause().getMessage(), e.getCause());
    }
  }

  private static String drain(InputStream in) throws IOException {
    try (in) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      in.transferTo(buf);
      return buf.toString(StandardCharsets.UTF_8);
    }
  }
}
