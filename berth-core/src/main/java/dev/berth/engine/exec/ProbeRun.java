package dev.berth.engine.exec;

import dev.berth.engine.ContainerView;
import dev.berth.engine.ExecService.ExecConfig;
import dev.berth.engine.ExecService.ExecResult;
import dev.berth.errors.SystemException;
import dev.berth.runtime.runc.ExecIo;
import dev.berth.runtime.runc.RuncExecProcess;
import dev.berth.sys.Signals;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One run of a command to completion, as health probes need it: no terminal, no input, stdout and stderr
 * collected together up to a limit (the rest is read and dropped, so the process never blocks on a full
 * pipe), and killed at the timeout. A kill goes to the process itself: runc would only pass SIGKILL on by
 * dying, leaving the process behind.
 */
final class ProbeRun {
  /** How long runc may take to report a killed process before it is killed too. */
  private static final long KILL_GRACE_MILLIS = 5_000;

  private final ExecLauncher launcher;
  private final ContainerView view;
  private final ExecConfig config;
  private final long timeoutMillis;
  private final Output output;

  ProbeRun(ExecLauncher launcher, ContainerView view, ExecConfig config, long timeoutMillis, int maxOutput) {
    this.launcher = launcher;
    this.view = view;
    this.config = config;
    this.timeoutMillis = timeoutMillis;
    this.output = new Output(Math.max(0, maxOutput));
  }

  ExecResult call() {
    String name = "probe-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    ExecLauncher.Launched launched = launcher.launch(view, config, false, null, name, ExecIo.OUTPUT);
    RuncExecProcess p = launched.process();
    Thread out = Thread.ofVirtual().start(() -> output.drain(p.stdout()));
    Thread err = Thread.ofVirtual().start(() -> output.drain(p.stderr()));
    try {
      if (!p.waitFor(timeoutMillis)) {
        kill(p);
        return new ExecResult(-1, output.text(), true);
      }
      RuncExecProcess.ExecExit exit = p.exit();
      out.join();
      err.join();
      if (exit.runcError() != null) {
        // runc's stderr is captured with the process's: its message is in the output already.
        return new ExecResult(ExecExitCodes.forStartFailure(config.cmd().getFirst(), exit.runcError()), output.text(), false);
      }
      return new ExecResult(exit.status(), output.text(), false);
    } catch (InterruptedException e) {
      kill(p);
      Thread.currentThread().interrupt();
      throw new SystemException("exec in container " + view.container().id().shortId() + ": interrupted", e);
    } finally {
      p.discardLog();
      launched.release();
    }
  }

  /** SIGKILL to the process (runc then exits with 137), and to runc should it linger. */
  private static void kill(RuncExecProcess p) {
    try {
      long pid = p.pid();
      if (pid > 0) {
        Signals.send(pid, Signals.SIGKILL);
      }
      boolean interrupted = Thread.interrupted();
      try {
        if (!p.waitFor(KILL_GRACE_MILLIS)) {
          p.destroy();
        }
      } catch (InterruptedException e) {
        p.destroy();
        interrupted = true;
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    } catch (IOException e) {
      p.destroy();
    }
  }

  /** stdout and stderr in arrival order, kept up to a limit. */
  private static final class Output {
    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    Output(int limit) {
      this.limit = limit;
    }

    void drain(InputStream in) {
      byte[] buf = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          add(java.util.Arrays.copyOf(buf, n));
        }
      } catch (IOException ignored) {
        // the pipe broke: the output ends here
      }
    }

    synchronized void add(byte[] data) {
      int room = limit - kept.size();
      if (room > 0) {
        kept.write(data, 0, Math.min(room, data.length));
      }
    }

    synchronized String text() {
      return kept.toString(StandardCharsets.UTF_8);
    }
  }
}
