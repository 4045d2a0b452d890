package dev.berth.daemon.boot;

import java.nio.file.Path;

/**
 * Where the boot sequence's files live under the data root. Only {@code host/} is the admin's to write; berthd
 * writes the logs and the dom0 boot log.
 */
public record HostFiles(Path dataRoot) {
  /** {@code <data-root>/host}: the host settings and hooks. */
  public Path hostDir() {
    return dataRoot.resolve("host");
  }

  /** {@code <data-root>/host/etc/hostname}: one line, the host name set at boot. */
  public Path hostname() {
    return hostDir().resolve("etc/hostname");
  }

  /** {@code <data-root>/host/bootsync.sh}: run before the API opens; berthd waits for it. */
  public Path bootsync() {
    return hostDir().resolve("bootsync.sh");
  }

  /** {@code <data-root>/host/bootlocal.sh}: run in the background once the API is open. */
  public Path bootlocal() {
    return hostDir().resolve("bootlocal.sh");
  }

  /** {@code <data-root>/host/log/<hook>.log}: a hook's output (stdout and stderr) of the last boot. */
  public Path log(String hook) {
    return hostDir().resolve("log").resolve(hook + ".log");
  }

  /** {@code <data-root>/dom0}: the boot log ({@code boots.json}). */
  public Path dom0Dir() {
    return dataRoot.resolve("dom0");
  }
}
