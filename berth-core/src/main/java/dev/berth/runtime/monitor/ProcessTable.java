package dev.berth.runtime.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * Looks processes up in /proc. A zombie counts as dead: conmon's parent exits at once, so the monitor is
 * reparented to whatever reaps for this namespace, which may take its time.
 */
final class ProcessTable {
  private ProcessTable() {}

  /** Whether {@code pid} is a live (not zombie) process whose command line holds every one of {@code args}. */
  static boolean isAlive(int pid, List<String> args) {
    try {
      String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"), StandardCharsets.UTF_8);
      int close = stat.lastIndexOf(')');
      if (close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) == 'Z') {
        return false;
      }
      byte[] raw = Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "cmdline"));
      List<String> cmdline = List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
      return cmdline.containsAll(args);
    } catch (NoSuchFileException gone) {
      return false;
    } catch (IOException unreadable) {
      return false;
    }
  }

  /** The parent pid of {@code pid}, if it exists. */
  static OptionalInt parentOf(int pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"), StandardCharsets.UTF_8);
      String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return OptionalInt.of(Integer.parseInt(after[1]));
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty();
    }
  }

  /** Reads a pid file: a decimal number, maybe with a newline; empty when absent or still being written. */
  static OptionalInt readPidFile(Path file) {
    try {
      String s = Files.readString(file, StandardCharsets.UTF_8).strip();
      return s.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(s));
    } catch (IOException | NumberFormatException e) {
      return OptionalInt.empty();
    }
  }
}
