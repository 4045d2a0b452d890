package dev.berth.engine.container;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.runtime.container.LogConfig;
import java.util.Locale;
import java.util.Map;

/**
 * Docker's json-file log options as the monitor applies them: {@code max-size} (bytes, with Docker's
 * binary units {@code k m g}) and {@code max-file} (generations, default 1). With one file conmon truncates
 * the log at the size ({@link #monitorSizeMax}); with more the daemon rotates it ({@link #rotates}).
 */
record LogOptions(long maxSize, int maxFile) {
  static final LogOptions NONE = new LogOptions(0, 1);

  /** Validates the container's log config: only json-file (and its options) is supported. */
  static LogOptions of(LogConfig log) {
    if (!log.type().equals("json-file") && !log.type().equals("k8s-file")) {
      throw new InvalidArgumentException("logging driver \"" + log.type() + "\" is not supported (only json-file)");
    }
    long size = 0;
    int files = 1;
    for (Map.Entry<String, String> e : log.config().entrySet()) {
      switch (e.getKey()) {
        case "max-size" -> size = size(e.getValue());
        case "max-file" -> files = files(e.getValue());
        case "compress", "labels", "env", "env-regex", "tag" -> {
          // accepted as Docker does; they change nothing in Berth's log files
        }
        default -> throw new InvalidArgumentException("unknown log opt '" + e.getKey() + "' for json-file log driver");
      }
    }
    if (files > 1 && size == 0) {
      throw new InvalidArgumentException("invalid log opt max-file=" + files + ": max-file needs max-size to be set");
    }
    return new LogOptions(size, files);
  }

  /** The size cap conmon enforces by truncation: only when a single file is kept. */
  long monitorSizeMax() {
    return maxFile <= 1 ? maxSize : 0;
  }

  boolean rotates() {
    return maxFile > 1 && maxSize > 0;
  }

  static long size(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.endsWith("b")) {
      t = t.substring(0, t.length() - 1);
    }
    long unit = 1;
    if (!t.isEmpty()) {
      char last = t.charAt(t.length() - 1);
      unit = switch (last) {
        case 'k' -> 1024L;
        case 'm' -> 1024L * 1024;
        case 'g' -> 1024L * 1024 * 1024;
        default -> 1;
      };
      if (unit > 1) {
        t = t.substring(0, t.length() - 1);
      }
    }
    try {
      long n = Long.parseLong(t.strip());
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(n, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new InvalidArgumentException("invalid log opt max-size='" + text + "': expected a positive size such as 10m");
    }
  }

  private static int files(String text) {
    try {
      int n = Integer.parseInt(text.strip());
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException("invalid log opt max-file='" + text + "': expected a positive integer");
    }
  }
}
