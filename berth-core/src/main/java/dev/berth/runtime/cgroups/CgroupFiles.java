package dev.berth.runtime.cgroups;

import dev.berth.errors.SystemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads cgroup and procfs files. A missing file (the cgroup is gone because the container stopped, or
 * the kernel lacks that controller) reads as absent, never as an error: stats of a stopped container are
 * zeros. Any other read failure is a SystemException naming the file.
 */
final class CgroupFiles {
  private CgroupFiles() {}

  /** The file's text, or null when it does not exist. */
  static String text(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new SystemException("read stats: cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** A file holding one number; {@code "max"} (v2's unlimited) is -1; 0 when missing or malformed. */
  static long number(Path file) {
    String t = text(file);
    if (t == null) return 0;
    String s = t.strip();
    if (s.equals("max")) return -1;
    return parse(s);
  }

  /** "key value" lines (memory.stat, cpu.stat); keys in file order. */
  static Map<String, Long> keyValues(Path file) {
    Map<String, Long> out = new LinkedHashMap<>();
    String t = text(file);
    if (t == null) return out;
    for (String line : t.split("\n")) {
      String[] kv = line.strip().split("\\s+");
      if (kv.length == 2) out.put(kv[0], parse(kv[1]));
    }
    return out;
  }

  static long parse(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      try {
        Long.parseUnsignedLong(s);
        return Long.MAX_VALUE; // a uint64 beyond the signed range: as good as unlimited
      } catch (NumberFormatException notANumber) {
        return 0;
      }
    }
  }
}
