package dev.berth.engine.exec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.ContainerView;
import dev.berth.engine.ExecService.ExecConfig;
import dev.berth.errors.ConflictException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.oci.Json;
import dev.berth.runtime.runc.ExecIo;
import dev.berth.runtime.runc.Runc;
import dev.berth.runtime.runc.RuncExecProcess;
import dev.berth.runtime.spec.Process;
import dev.berth.runtime.spec.Spec;
import dev.berth.runtime.specgen.HostFacts;
import dev.berth.runtime.state.ContainerState;
import dev.berth.sys.Pty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts one exec under runc: reads the container's process from its bundle (where runc's state says the
 * bundle is), builds the exec's process from it, writes it as {@code <execDir>/<name>.json}, opens a
 * pseudo-terminal when it wants one, and runs {@code runc exec} in the foreground.
 */
final class ExecLauncher {
  private final Runc runc;
  private final Path execDir;
  private final HostFacts host;

  ExecLauncher(Runc runc, Path execDir, HostFacts host) {
    this.runc = runc;
    this.execDir = execDir;
    this.host = host;
  }

  /** A started exec and the files and terminal to release once it ended. */
  record Launched(RuncExecProcess process, Pty pty, Path processJson, Path pidFile) {
    void release() {
      try {
        if (pty != null) {
          pty.close();
        }
        Files.deleteIfExists(processJson);
        Files.deleteIfExists(pidFile);
      } catch (IOException ignored) {
        // a leftover process.json is harmless: the next exec of that name replaces it
      }
    }
  }

  /** Docker's 409s: an exec needs a running container that is not paused or restarting. */
  static void requireRunning(ContainerView view) {
    String id = view.container().id().hex();
    switch (view.container().state()) {
      case ContainerState.Running r -> { }
      case ContainerState.Paused p ->
          throw new ConflictException("Container " + id + " is paused, unpause the container before exec");
      case ContainerState.Restarting r ->
          throw new ConflictException("Container " + id + " is restarting, wait until the container is running");
      case ContainerState.Created c -> throw notRunning(id);
      case ContainerState.Exited e -> throw notRunning(id);
      case ContainerState.Dead d -> throw notRunning(id);
      case ContainerState.Removing r -> throw notRunning(id);
    }
  }

  private static ConflictException notRunning(String id) {
    return new ConflictException("Container " + id + " is not running");
  }

  /**
   * Starts {@code exec} in the container; {@code io}'s console is filled in here when {@code tty}.
   *
   * @param size the terminal's initial size (null: none yet), given to runc as the process's consoleSize
   * @param name the file name stem (the exec's ID, or a probe's)
   */
  Launched launch(ContainerView view, ExecConfig exec, boolean tty, ConsoleSize size, String name, ExecIo io) {
    String id = view.container().id().hex();
    Process process = process(view, exec, tty);
    Path json = execDir.resolve(name + ".json");
    Path pidFile = execDir.resolve(name + ".pid");
    Pty pty = null;
    try {
      Files.createDirectories(execDir);
      Files.write(json, processJson(process, tty ? size : null));
      Files.deleteIfExists(pidFile);
      pty = tty ? Pty.open() : null;
      if (pty != null && size != null) {
        pty.resize(size.rows(), size.cols());
      }
      ExecIo withConsole = new ExecIo(io.stdin(), io.stdout(), io.stderr(), pty == null ? null : pty.slave());
      return new Launched(runc.startExec(id, json, pidFile, withConsole), pty, json, pidFile);
    } catch (IOException | RuntimeException e) {
      new Launched(null, pty, json, pidFile).release();
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new SystemException("exec in container " + id + ": " + e.getMessage(), e);
    }
  }

  /** The process document, with the OCI {@code consoleSize} our Process record does not carry. */
  static byte[] processJson(Process process, ConsoleSize size) {
    ObjectNode node;
    try {
      // Through bytes, not valueToTree: the rlimits' unsigned serializers must write integers, not doubles.
      node = (ObjectNode) Json.MAPPER.readTree(Json.write(process));
    } catch (IOException e) {
      throw new SystemException("encode exec process: " + e.getMessage(), e);
    }
    if (size != null) {
      node.putObject("consoleSize").put("height", size.rows()).put("width", size.cols());
    }
    return Json.write(node);
  }

  private Process process(ContainerView view, ExecConfig exec, boolean tty) {
    String id = view.container().id().hex();
    Path bundle;
    try {
      bundle = Path.of(runc.state(id).bundle());
    } catch (NotFoundException gone) {
      throw notRunning(id); // it stopped since the engine last looked
    }
    Spec spec;
    try {
      spec = Spec.fromJson(Files.readAllBytes(bundle.resolve("config.json")));
    } catch (IOException e) {
      throw new SystemException("exec in container " + id + ": cannot read its runtime spec in " + bundle + ": " + e.getMessage(), e);
    }
    Path rootfs = view.rootfs() != null ? view.rootfs() : bundle.resolve(spec.root().path());
    return ExecProcesses.build(spec.process(), view.container().config().basic().env(), exec, tty, rootfs, host);
  }
}
