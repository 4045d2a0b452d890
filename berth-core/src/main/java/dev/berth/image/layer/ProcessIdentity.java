package dev.berth.image.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The effective uid, gid and umask of this process, read once. They let the applier skip chown and chmod
 * when a new file already gets the owner and mode it should: most files of a layer applied by root.
 */
final class ProcessIdentity {
  static final int UID;
  static final int GID;
  /** The umask, or 07777 (forcing an explicit chmod everywhere) when it cannot be read. */
  static final int UMASK;

  static {
    int uid = -1;
    int gid = -1;
    try {
      // /proc/self belongs to the process's effective uid and gid.
      uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      gid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
    } catch (IOException | RuntimeException e) {
      // unknown: chown everything
    }
    UID = uid;
    GID = gid;
    UMASK = readUmask();
  }

  private ProcessIdentity() {}

  private static int readUmask() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Umask:")) return Integer.parseInt(line.substring(6).trim(), 8);
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return 07777;
  }
}
