package dev.berth.engine.network;

import dev.berth.errors.SystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which bridges this daemon made, so that it deletes only those. The CNI bridge plugin makes a network's bridge at
 * the first attachment when it does not exist; a bridge that was already there (a host's {@code br0} given with
 * {@code --bridge} or {@code com.docker.network.bridge.name}) belongs to the host and is never deleted, not at a clean
 * stop and not at {@code network rm}. A marker file per bridge under the exec root
 * ({@code <execRoot>/network/bridges/<name>}) remembers it across restarts of berthd and goes, as the bridges do, at
 * a reboot.
 */
final class OwnedBridges {
  private static final Path SYS_NET = Path.of("/sys/class/net");

  private final Path dir;

  OwnedBridges(Path dir) {
    this.dir = dir;
  }

  /** Before an attachment: a bridge that does not exist yet is about to be made by us. */
  void beforeAttach(String bridge) {
    if (Files.exists(SYS_NET.resolve(bridge)) || Files.exists(dir.resolve(bridge))) return;
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(bridge), "");
    } catch (IOException e) {
      throw new SystemException("record the bridge " + bridge + " in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Whether we made {@code bridge} (and may delete it). */
  boolean owned(String bridge) {
    return Files.exists(dir.resolve(bridge));
  }

  /** After the bridge was deleted. */
  void forget(String bridge) {
    try {
      Files.deleteIfExists(dir.resolve(bridge));
    } catch (IOException e) {
      throw new SystemException("forget the bridge " + bridge + ": " + e.getMessage(), e);
    }
  }
}
