package dev.berth.engine.network;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process still uses a container's network namespace. At exit, a namespace nobody else uses goes away
 * when its bind mount is removed, and the kernel then deletes the container's veth pair with it (and so takes its
 * port off the bridge): the CNI DEL that would delete the same veth (an exec of the bridge plugin and of the static
 * IPAM plugin, 30-60 ms on this machine) is skipped. A namespace that another process still uses (a container run
 * with {@code --network container:<this one>}) keeps its interfaces after the unmount, so those get the CNI DEL:
 * the address they hold is released and may go to another container.
 */
final class NetnsUsers {
  private static final Path PROC = Path.of("/proc");

  private NetnsUsers() {}

  /**
   * True when a process other than the caller's (its thread group) has {@code nsFile}'s namespace as its network
   * namespace, or when that cannot be told (then the caller does the full cleanup).
   */
  static boolean othersUse(Path nsFile) {
    String wanted;
    try {
      wanted = "net:[" + Files.getAttribute(nsFile, "unix:ino") + "]";
    } catch (IOException | RuntimeException e) {
      return true;
    }
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC, p -> isPid(p.getFileName().toString()))) {
      for (Path p : procs) {
        if (Long.parseLong(p.getFileName().toString()) == self) continue;
        try {
          if (Files.readSymbolicLink(p.resolve("ns/net")).toString().equals(wanted)) return true;
        } catch (IOException | RuntimeException gone) {
          // the process ended meanwhile, or is a zombie: it holds nothing
        }
      }
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static boolean isPid(String name) {
    if (name.isEmpty()) return false;
    for (int i = 0; i < name.length(); i++) {
      if (!Character.isDigit(name.charAt(i))) return false;
    }
    return true;
  }
}
