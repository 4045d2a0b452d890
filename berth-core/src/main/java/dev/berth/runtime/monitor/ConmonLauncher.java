package dev.berth.runtime.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.errors.ConflictException;
import dev.berth.errors.SystemException;
import dev.berth.oci.Json;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Starts conmon for one container and waits until runc has created it.
 *
 * <p>Podman learns the container's pid, or runc's error, over sync and start pipes handed to conmon as fds
 * 3 and 4; Java's ProcessBuilder cannot pass extra fds. So Berth runs conmon without them (conmon then
 * neither reports nor waits) and watches files instead: runc writes the pid file (atomically) once the
 * container exists, and runc's JSON log ({@code --log}, passed as runtime args) holds its error otherwise;
 * conmon exits when the create fails. Each change in the monitor's directory wakes the wait at once, through
 * inotify ({@link FileChanges}); where inotify is unavailable the files are polled every millisecond. The
 * caller then runs {@code runc start} itself, as Podman does.
 *
 * <p>conmon forks and its first process exits once the monitor runs; the monitor is then an orphan adopted
 * by init (or the nearest subreaper), in its own session, so it outlives this JVM. Its stdio goes to a file,
 * never to a pipe back to us, so our death cannot SIGPIPE it.
 */
final class ConmonLauncher {
  /**
   * The longest wait between two looks at the monitor's files: with inotify, a change wakes the wait at once and
   * this only bounds how late a monitor that died silently is noticed; without it, the polling interval.
   */
  private static final Duration POLL = Duration.ofMillis(10);
  private final Path conmon;
  private final Path runc;
  private final Path runcRoot;

  ConmonLauncher(Path conmon, Path runc, Path runcRoot) {
    this.conmon = conmon;
    this.runc = runc;
    this.runcRoot = runcRoot;
  }

  List<String> argv(MonitorSpec spec, ConmonFiles files) {
    List<String> a = new ArrayList<>(List.of(conmon.toString(), "--api-version", "1",
        "-c", spec.id(), "-u", spec.id(), "-n", spec.name(), "-r", runc.toString(),
        "-b", spec.bundle().toAbsolutePath().toString(),
        "-p", files.containerPidFile().toString(), "-P", files.conmonPidFile().toString(),
        "--exit-dir", files.exitDir().toString(), "--persist-dir", files.persistDir().toString(),
        // The attach socket and ctl FIFO stay in the bundle (--full-attach); we make the short link to it
        // ourselves. conmon's own link drops a character when its path is exactly 107 bytes long, where the
        // socket would then never be found.
        "--full-attach",
        "-l", "k8s-file:" + spec.logPath().toAbsolutePath(),
        "--runtime-arg", "--root=" + runcRoot, "--runtime-arg", "--log=" + files.runcLog(),
        "--runtime-arg", "--log-format=json"));
    if (spec.logSizeMax() > 0) {
      a.addAll(List.of("--log-size-max", Long.toString(spec.logSizeMax())));
    }
    if (spec.stdin()) {
      a.add("--stdin");
    }
    if (spec.terminal()) {
      a.add("--terminal");
    }
    return a;
  }

  /** Launches conmon and returns once the container exists (created, not started). */
  MonitorState.Running launch(MonitorSpec spec, ConmonFiles files, Duration timeout) {
    String action = "create container " + spec.id();
    prepare(spec, files, action);
    try (FileChanges changes = FileChanges.in(files.persistDir())) {
      Process first = new ProcessBuilder(argv(spec, files))
          .redirectInput(Redirect.from(new File("/dev/null")))
          .redirectOutput(Redirect.appendTo(files.conmonOutput().toFile()))
          .redirectErrorStream(true)
          .start();
      if (!first.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        first.destroyForcibly();
        throw new SystemException(action + ": conmon did not detach within " + timeout.toMillis() + " ms");
      }
      if (first.exitValue() != 0) {
        throw new SystemException(action + ": conmon failed: " + explain(files, "exit status " + first.exitValue()));
      }
      return awaitCreated(spec, files, timeout, action, changes);
    } catch (IOException e) {
      throw new SystemException(action + ": cannot run " + conmon + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SystemException(action + ": interrupted while conmon started", e);
    }
  }

  private void prepare(MonitorSpec spec, ConmonFiles files, String action) {
    try {
      if (Files.exists(files.persistDir())) {
        OptionalInt old = ProcessTable.readPidFile(files.conmonPidFile());
        if (old.isPresent() && ProcessTable.isAlive(old.getAsInt(), List.of("-c", spec.id()))) {
          throw new ConflictException(action + ": a monitor (pid " + old.getAsInt() + ") already runs for it");
        }
        Conmon.deleteTree(files.persistDir());
      }
      Files.createDirectories(files.persistDir());
      Files.createDirectories(files.exitDir());
      Files.createDirectories(files.socketDir());
      Files.deleteIfExists(files.exitFile());
      Files.deleteIfExists(files.socketLink());
      Files.createSymbolicLink(files.socketLink(), spec.bundle().toAbsolutePath());
      Files.createDirectories(spec.logPath().toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new SystemException(action + ": cannot prepare monitor files in " + files.persistDir() + ": " + e.getMessage(), e);
    }
  }

  private MonitorState.Running awaitCreated(MonitorSpec spec, ConmonFiles files, Duration timeout, String action,
      FileChanges changes) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      OptionalInt pid = ProcessTable.readPidFile(files.containerPidFile());
      OptionalInt monitor = ProcessTable.readPidFile(files.conmonPidFile());
      if (pid.isPresent() && monitor.isPresent()) {
        return new MonitorState.Running(pid.getAsInt(), monitor.getAsInt());
      }
      String error = runcErrors(files.runcLog());
      boolean monitorGone = monitor.isPresent() && !ProcessTable.isAlive(monitor.getAsInt(), List.of("-c", spec.id()));
      if (!error.isEmpty() || monitorGone) {
        throw new SystemException(action + ": " + explain(files, "conmon exited before the container was created"));
      }
      if (System.nanoTime() > deadline) {
        monitor.ifPresent(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
        throw new SystemException(action + ": runc did not create it within " + timeout.toMillis() + " ms");
      }
      changes.await(POLL);
    }
  }

  /** runc's logged error if any, else conmon's own output, else {@code fallback}. */
  static String explain(ConmonFiles files, String fallback) {
    String runcError = runcErrors(files.runcLog());
    if (!runcError.isEmpty()) {
      return runcError;
    }
    try {
      String out = Files.readString(files.conmonOutput(), StandardCharsets.UTF_8).strip();
      return out.isEmpty() ? fallback : out;
    } catch (IOException e) {
      return fallback;
    }
  }

  /** The "msg" of each error-level line of runc's JSON log; empty when there is none (yet). */
  static String runcErrors(Path log) {
    List<String> msgs = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode n = Json.MAPPER.readTree(line);
          String level = n.path("level").asText();
          if (level.equals("error") || level.equals("fatal")) {
            msgs.add(n.path("msg").asText());
          }
        } catch (IOException halfWritten) {
          // runc is still writing this line; the next poll reads it whole
        }
      }
    } catch (IOException absent) {
      return "";
    }
    return String.join("; ", msgs);
  }
}
