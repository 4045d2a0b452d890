package dev.berth.engine.exec;

import dev.berth.engine.Attachment;
import dev.berth.engine.Attachment.Stream;
import dev.berth.engine.ContainerView;
import dev.berth.engine.ExecService;
import dev.berth.engine.events.EventBus;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.runtime.runc.ExecIo;
import dev.berth.runtime.runc.Runc;
import dev.berth.runtime.runc.RuncExecProcess;
import dev.berth.runtime.specgen.HostFacts;
import dev.berth.sys.Signals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Docker's exec, run by runc in the foreground: runc stays the process's parent until it ends and exits
 * with its status, so every exec's exit code is known, attached or detached. Without a terminal stdout and
 * stderr come back on separate pipes; with one runc relays the container's terminal over its stdin and
 * stdout and takes its size from a pseudo-terminal of ours, which {@link #resize} sets before it signals
 * runc (SIGWINCH) to pass the size on.
 *
 * <p>Execs live in memory only, as in Docker, which forgets them when the daemon restarts; an ended exec stays
 * inspectable for {@link #KEEP_EXITED}. {@link #close}
 * stops tracking; running execs keep running with their container.
 */
public final class LocalExecService implements ExecService, AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** How long an ended exec stays inspectable; Docker's collector drops them after 5 to 10 minutes. */
  static final Duration KEEP_EXITED = Duration.ofMinutes(5);

  private final ContainerLookup containers;
  private final EventBus events;
  private final ExecLauncher launcher;
  private final Map<String, ExecSession> sessions = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param runc the daemon's runc driver (the root its containers live under)
   * @param execDir where process.json files of running execs are written (under the daemon's exec root)
   */
  public LocalExecService(ContainerLookup containers, Runc runc, EventBus events, Path execDir, HostFacts host) {
    this.containers = containers;
    this.events = events;
    this.launcher = new ExecLauncher(runc, execDir, host);
  }

  @Override
  public String create(String containerRef, ExecConfig config) {
    ContainerView view = containers.find(containerRef);
    ExecLauncher.requireRunning(view);
    String id = HexFormat.of().formatHex(randomBytes());
    String containerId = view.container().id().hex();
    ExecSession session = new ExecSession(id, containerId, config, attributes(view));
    Instant cutoff = Instant.now().minus(KEEP_EXITED);
    sessions.values().removeIf(s -> s.exitedBefore(cutoff));
    sessions.put(id, session);
    publish(session, "exec_create: " + String.join(" ", config.cmd()), Map.of());
    return id;
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return b;
  }

  @Override
  public Attachment start(String execId, boolean detach, Boolean tty) {
    ExecSession session = session(execId);
    boolean terminal = tty != null ? tty : session.config().tty();
    session.begin();
    ExecLauncher.Launched launched = launch(session, detach, terminal);
    session.started(launched.process(), launched.pty());
    publish(session, "exec_start: " + String.join(" ", session.config().cmd()), Map.of());
    StreamAttachment attachment = detach
        ? null
        : new StreamAttachment(terminal, session.config().attachStdin() ? launched.process().stdin() : null);
    List<Thread> pumps = attachment == null ? List.of() : pumps(attachment, launched.process(), session.config(), terminal);
    Thread.ofVirtual().name("exec-" + execId.substring(0, 12))
        .start(() -> await(session, launched, attachment, pumps, terminal));
    return attachment;
  }

  /** Starts runc for a claimed session; a failure settles the exec with 126, as Docker's does. */
  private ExecLauncher.Launched launch(ExecSession session, boolean detach, boolean terminal) {
    ExecConfig config = session.config();
    try {
      ContainerView view = containers.find(session.containerId());
      ExecLauncher.requireRunning(view);
      ExecIo io = detach
          ? ExecIo.NONE
          : new ExecIo(config.attachStdin(), config.attachStdout() || terminal, config.attachStderr() && !terminal, null);
      return launcher.launch(view, config, terminal, session.pendingSize(), session.id(), io);
    } catch (RuntimeException e) {
      finish(session, ExecExitCodes.CANNOT_INVOKE, null);
      throw e;
    }
  }

  /** One pump per output pipe: stdout (everything, with a terminal) and stderr when it is attached apart. */
  private static List<Thread> pumps(StreamAttachment a, RuncExecProcess p, ExecConfig config, boolean terminal) {
    Thread out = Thread.ofVirtual().start(() -> a.pump(p.stdout(), Stream.STDOUT));
    if (terminal || !config.attachStderr()) {
      return List.of(out);
    }
    return List.of(out, Thread.ofVirtual().start(() -> a.pump(p.stderr(), Stream.STDERR)));
  }

  /** Waits for runc, records the exit code, delivers what is left of the output, then ends the stream. */
  private void await(ExecSession session, ExecLauncher.Launched launched, StreamAttachment attachment,
      List<Thread> pumps, boolean terminal) {
    try {
      RuncExecProcess.ExecExit exit = launched.process().exit();
      int code = exit.runcError() == null
          ? exit.status()
          : ExecExitCodes.forStartFailure(session.config().cmd().getFirst(), exit.runcError());
      finish(session, code, launched);
      for (Thread t : pumps) {
        t.join();
      }
      // Without a terminal runc's stderr is the stream's: its message is there already.
      boolean shown = !terminal && session.config().attachStderr();
      if (attachment != null && exit.runcError() != null && !shown) {
        byte[] message = ExecExitCodes.streamMessage(exit.runcError()).getBytes(StandardCharsets.UTF_8);
        attachment.emit(Stream.STDOUT, message);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (session.running()) {
        finish(session, ExecExitCodes.CANNOT_INVOKE, launched);
      }
      throw e;
    } finally {
      if (attachment != null) {
        attachment.finish();
      }
    }
  }

  private void finish(ExecSession session, int code, ExecLauncher.Launched launched) {
    session.exited(code);
    if (launched != null) {
      launched.release();
    }
    publish(session, "exec_die", Map.of("exitCode", Integer.toString(code)));
  }

  @Override
  public ExecView inspect(String execId) {
    return session(execId).view();
  }

  /**
   * Resizes the exec's terminal: the pseudo-terminal runc reads the size from, then SIGWINCH to runc, which
   * passes it on. Before the start the size is kept and the terminal is created with it, so the process
   * sees it from its first instruction (runc applies resizes only once the process runs).
   */
  @Override
  public void resize(String execId, int rows, int cols) {
    ConsoleSize size = new ConsoleSize(rows, cols);
    ExecSession.Resizable r = session(execId).resize(size);
    if (r == null) {
      return;
    }
    try {
      r.pty().resize(rows, cols);
      Signals.send(r.runcPid(), Signals.SIGWINCH);
    } catch (IOException e) {
      throw new SystemException("resize exec " + execId + ": " + e.getMessage(), e);
    }
  }

  @Override
  public ExecResult run(String containerRef, List<String> cmd, long timeoutMillis, int maxOutput) {
    ContainerView view = containers.find(containerRef);
    ExecLauncher.requireRunning(view);
    ExecConfig config = new ExecConfig(cmd, null, null, null, false, false, true, true, false, null);
    // Docker's probes are execs too and announce themselves as such, though inspect never lists them.
    ExecSession probe = new ExecSession(HexFormat.of().formatHex(randomBytes()), view.container().id().hex(), config, attributes(view));
    String command = String.join(" ", cmd);
    publish(probe, "exec_create: " + command, Map.of());
    publish(probe, "exec_start: " + command, Map.of());
    ExecResult result = new ProbeRun(launcher, view, config, timeoutMillis, maxOutput).call();
    publish(probe, "exec_die", Map.of("exitCode", Integer.toString(result.timedOut() ? 137 : result.exitCode())));
    return result;
  }

  /** The IDs of a container's execs that have not ended (inspect's {@code ExecIDs}, as Docker lists them). */
  public List<String> execIds(String containerId) {
    return sessions.values().stream()
        .filter(s -> s.containerId().equals(containerId) && !s.exited())
        .map(ExecSession::id)
        .sorted()
        .toList();
  }

  /** Forgets a container's execs (when it is removed). */
  public void forgetContainer(String containerId) {
    sessions.values().removeIf(s -> s.containerId().equals(containerId));
  }

  private ExecSession session(String execId) {
    ExecSession s = execId == null ? null : sessions.get(execId);
    if (s == null) {
      throw new NotFoundException("No such exec instance: " + execId);
    }
    return s;
  }

  private void publish(ExecSession session, String action, Map<String, String> extra) {
    if (closed) {
      return;
    }
    Map<String, String> attrs = new HashMap<>(session.attributes());
    attrs.put("execID", session.id());
    attrs.putAll(extra);
    events.publish("container", action, session.containerId(), attrs);
  }

  /** Docker's container event attributes: the name without its slash, and the image as named. */
  static Map<String, String> attributes(ContainerView view) {
    Map<String, String> attrs = new HashMap<>();
    String name = view.container().name();
    attrs.put("name", name.startsWith("/") ? name.substring(1) : name);
    if (view.imageRef() != null) {
      attrs.put("image", view.imageRef());
    }
    return attrs;
  }

  /** Stops tracking; running execs go on with their containers and are not waited for. */
  @Override
  public void close() {
    closed = true;
    sessions.clear();
  }
}
