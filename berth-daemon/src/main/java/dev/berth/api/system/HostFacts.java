package dev.berth.api.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Facts about the host for {@code info} and {@code version}, read from /proc and /etc the way dockerd does.
 * A file that cannot be read gives a neutral value, never an error: {@code info} must always answer.
 */
record HostFacts(String kernelVersion, String operatingSystem, String osVersion, String goArch, String machine, int ncpu, long memTotal, String hostname, String cgroupVersion) {

  static HostFacts read() {
    String arch = System.getProperty("os.arch");
    String goArch = switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> arch;
    };
    String machine = switch (goArch) {
      case "amd64" -> "x86_64";
      case "arm64" -> "aarch64";
      default -> arch;
    };
    return new HostFacts(
        System.getProperty("os.version"),
        osRelease("PRETTY_NAME", "Linux"),
        osRelease("VERSION_ID", ""),
        goArch,
        machine,
        Runtime.getRuntime().availableProcessors(),
        readMemTotal(),
        firstLine(Path.of("/proc/sys/kernel/hostname"), "localhost"),
        Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "2" : "1");
  }

  private static String osRelease(String key, String fallback) {
    for (Path p : List.of(Path.of("/etc/os-release"), Path.of("/usr/lib/os-release"))) {
      try {
        for (String line : Files.readAllLines(p)) {
          if (line.startsWith(key + "=")) return line.substring(key.length() + 1).replace("\"", "");
        }
      } catch (IOException e) {
        // try the next file
      }
    }
    return fallback;
  }

  private static long readMemTotal() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // fall through
    }
    return 0;
  }

  private static String firstLine(Path p, String fallback) {
    try {
      String s = Files.readString(p).strip();
      return s.isEmpty() ? fallback : s;
    } catch (IOException e) {
      return fallback;
    }
  }
}
