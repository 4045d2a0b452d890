package dev.berth.runtime.monitor;

import java.nio.file.Path;

/**
 * Where one container's monitor keeps its files under the daemon's exec root. Everything a restarted daemon
 * needs is here, not in its memory:
 * <ul>
 *   <li>{@code conmon/<id>/} (conmon's persist dir): {@code conmon.pid}, the container's {@code pid},
 *       {@code runc.log} (runc's JSON log of the create), {@code conmon.out} (conmon's own messages), and
 *       {@code exit} / {@code oom} written by conmon when the container ends;</li>
 *   <li>{@code exits/<id>}: the exit code, written by conmon; its mtime is the finish time;</li>
 *   <li>{@code sock/<id>}: conmon's symlink to the bundle, so the attach socket's path
 *       ({@code sock/<id>/attach}) stays under the kernel's 108-byte limit however deep the bundle is.</li>
 * </ul>
 */
record ConmonFiles(Path persistDir, Path exitDir, Path socketDir, String id) {

  static ConmonFiles of(Path execRoot, String id) {
    return new ConmonFiles(execRoot.resolve("conmon").resolve(id), execRoot.resolve("exits"), execRoot.resolve("sock"), id);
  }

  Path conmonPidFile() {
    return persistDir.resolve("conmon.pid");
  }

  Path containerPidFile() {
    return persistDir.resolve("pid");
  }

  Path runcLog() {
    return persistDir.resolve("runc.log");
  }

  Path conmonOutput() {
    return persistDir.resolve("conmon.out");
  }

  Path oomFile() {
    return persistDir.resolve("oom");
  }

  Path exitFile() {
    return exitDir.resolve(id);
  }

  Path socketLink() {
    return socketDir.resolve(id);
  }

  Path attachSocket() {
    return socketLink().resolve("attach");
  }

  Path controlFifo() {
    return socketLink().resolve("ctl");
  }
}
