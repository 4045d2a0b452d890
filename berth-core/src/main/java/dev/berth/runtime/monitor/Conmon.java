package dev.berth.runtime.monitor;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.runtime.runc.Runc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * The per-container monitor: one conmon process per container holds its stdio, writes its log and records
 * its exit code, independently of berthd. Everything is kept in files under the exec root (see
 * {@link ConmonFiles}), so a new {@code Conmon} on the same exec root, in a restarted daemon, finds every
 * container in the state it is really in: this is Berth's live-restore.
 *
 * <p>runc's state lives under {@code <execRoot>/runc}, the same place as {@link Runc#atExecRoot}, so the
 * daemon's runc driver sees (and can kill or delete) the containers conmon created.
 */
public final class Conmon {
  public static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration EXIT_POLL = Duration.ofMillis(20);

  private final Path execRoot;
  private final Runc runc;
  private final ConmonLauncher launcher;

  /**
   * @param conmon the conmon executable
   * @param runc the runc executable, absolute: conmon runs it from its own working directory
   * @param execRoot the daemon's runtime directory (tmpfs, like /run/berth)
   */
  public Conmon(Path conmon, Path runc, Path execRoot) {
    this.execRoot = execRoot.toAbsolutePath();
    this.runc = new Runc(runc, this.execRoot);
    this.launcher = new ConmonLauncher(conmon, runc, this.runc.stateRoot());
  }

  /** conmon and runc found on PATH. */
  public static Conmon atExecRoot(Path execRoot) {
    return new Conmon(onPath("conmon"), onPath("runc"), execRoot);
  }

  /** The runc driver over the same state root, for kill, pause, exec and delete. */
  public Runc runc() {
    return runc;
  }

  /** Starts the monitor, which has runc create the container; returns its pid (not started yet). */
  public MonitorState.Running create(MonitorSpec spec) {
    return launcher.launch(spec, files(spec.id()), CREATE_TIMEOUT);
  }

  /** Runs the created container's process ({@code runc start}); its output goes to conmon from here on. */
  public void start(String id) {
    runc.start(id);
  }

  /** Create then start; a container that fails to start is deleted again, so nothing half-made remains. */
  public MonitorState.Running run(MonitorSpec spec) {
    MonitorState.Running created = create(spec);
    try {
      start(spec.id());
      return created;
    } catch (RuntimeException e) {
      try {
        runc.delete(spec.id(), true);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** What the monitor's files and the process table say of the container. */
  public MonitorState state(String id) {
    ConmonFiles f = files(id);
    OptionalInt code = ProcessTable.readPidFile(f.exitFile());
    if (code.isPresent()) {
      return new MonitorState.Exited(code.getAsInt(), finishedAt(f));
    }
    OptionalInt monitor = ProcessTable.readPidFile(f.conmonPidFile());
    if (monitor.isEmpty()) {
      return new MonitorState.Unknown("no monitor was started for " + id + " under " + execRoot);
    }
    if (ProcessTable.isAlive(monitor.getAsInt(), List.of("-c", id))) {
      OptionalInt pid = ProcessTable.readPidFile(f.containerPidFile());
      if (pid.isPresent()) {
        return new MonitorState.Running(pid.getAsInt(), monitor.getAsInt());
      }
      return new MonitorState.Unknown("the monitor of " + id + " runs but the container is not created yet");
    }
    // conmon writes the exit file just before it exits: look again before calling the monitor lost.
    code = ProcessTable.readPidFile(f.exitFile());
    if (code.isPresent()) {
      return new MonitorState.Exited(code.getAsInt(), finishedAt(f));
    }
    return new MonitorState.Unknown("the monitor of " + id + " (pid " + monitor.getAsInt()
        + ") is gone without recording an exit code");
  }

  private java.time.Instant finishedAt(ConmonFiles f) {
    try {
      FileTime t = Files.getLastModifiedTime(f.exitFile());
      return t.toInstant();
    } catch (IOException e) {
      throw new SystemException("inspect container " + f.id() + ": cannot stat exit file: " + e.getMessage(), e);
    }
  }

  /** Whether conmon saw the kernel's OOM killer end the container. */
  public boolean oomKilled(String id) {
    return Files.exists(files(id).oomFile());
  }

  /** Waits until the container has exited; the answer is {@link MonitorState.Exited} or Unknown. */
  public MonitorState awaitExit(String id, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      MonitorState s = state(id);
      switch (s) {
        case MonitorState.Exited e -> {
          return e;
        }
        case MonitorState.Unknown u -> {
          if (!u.reason().contains("not created yet")) {
            return u;
          }
        }
        case MonitorState.Running r -> {
          // keep waiting
        }
      }
      if (System.nanoTime() > deadline) {
        throw new SystemException("wait for container " + id + ": still running after " + timeout.toMillis() + " ms");
      }
      try {
        Thread.sleep(EXIT_POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SystemException("wait for container " + id + ": interrupted", e);
      }
    }
  }

  /** Ids of every container that has monitor files here: what a restarted daemon reconciles. */
  public List<String> list() {
    Path dir = execRoot.resolve("conmon");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new SystemException("list monitors in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Connects to the attach socket: the running container's stdout and stderr, and its stdin if opened. */
  public AttachSession attach(String id) {
    Path socket = files(id).attachSocket();
    if (!Files.exists(socket)) {
      throw new NotFoundException("attach to container " + id + ": it has no monitor socket (" + socket + ")");
    }
    try {
      return AttachSession.open(socket);
    } catch (IOException e) {
      throw new SystemException("attach to container " + id + ": " + e.getMessage(), e);
    }
  }

  /** Resizes the container's terminal, through conmon's control FIFO ({@code 1 <rows> <cols>}). */
  public void resize(String id, int rows, int cols) {
    if (rows <= 0 || cols <= 0 || rows > 0xffff || cols > 0xffff) {
      throw new InvalidArgumentException("resize container " + id + ": bad size " + rows + "x" + cols);
    }
    control(id, "resize", "1 " + rows + " " + cols + "\n");
  }

  /** Has conmon close and reopen the log file, after the caller renamed it away (rotation). */
  public void reopenLog(String id) {
    control(id, "reopen log of", "2 0 0\n");
  }

  private void control(String id, String action, String message) {
    Path fifo = files(id).controlFifo();
    if (!(state(id) instanceof MonitorState.Running)) {
      throw new dev.berth.errors.ConflictException(action + " container " + id + ": it is not running");
    }
    // Opened read-write: on Linux that never blocks, whereas a write-only open would wait forever for a
    // reader if conmon died after the state check. One short write to a FIFO is atomic.
    try (FileChannel ch = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(message.getBytes(StandardCharsets.US_ASCII)));
    } catch (IOException e) {
      throw new SystemException(action + " container " + id + ": cannot write " + fifo + ": " + e.getMessage(), e);
    }
  }

  /**
   * Removes the monitor's files of an ended container, after {@code runc delete}. A monitor still alive is
   * killed first (the container with it, by runc), so nothing is left behind.
   */
  public void remove(String id) {
    ConmonFiles f = files(id);
    try {
      runc.delete(id, true);
    } catch (NotFoundException alreadyGone) {
      // conmon's container was deleted before, or never created
    }
    OptionalInt monitor = ProcessTable.readPidFile(f.conmonPidFile());
    if (monitor.isPresent() && ProcessTable.isAlive(monitor.getAsInt(), List.of("-c", id))) {
      ProcessHandle.of(monitor.getAsInt()).ifPresent(ProcessHandle::destroyForcibly);
    }
    try {
      Files.deleteIfExists(f.exitFile());
      Files.deleteIfExists(f.socketLink());
      deleteTree(f.persistDir());
    } catch (IOException e) {
      throw new SystemException("remove monitor of container " + id + ": " + e.getMessage(), e);
    }
  }

  ConmonFiles files(String id) {
    Objects.requireNonNull(id, "id");
    if (!id.matches("[\\w+.-]+")) {
      throw new InvalidArgumentException("monitor: invalid container id \"" + id + "\"");
    }
    return ConmonFiles.of(execRoot, id);
  }

  static void deleteTree(Path root) throws IOException {
    dev.berth.sys.FileTrees.delete(root);
  }

  private static Path onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(p)) {
        return p.toAbsolutePath();
      }
    }
    throw new NotFoundException("monitor: executable \"" + name + "\" not found on PATH");
  }
}
