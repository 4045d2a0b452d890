package dev.berth.runtime.monitor;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a container's log: which stream, when conmon read it, and the text. A {@code partial} entry
 * is a piece of a line longer than conmon's buffer (k8s-file tag {@code P}); the full entry that follows
 * ends the line ({@code F}). Docker's log stream sends each entry as it comes, with a newline after full
 * ones only, which {@link #line()} reproduces.
 */
public record LogRecord(LogStream stream, Instant time, String text, boolean partial) {
  public LogRecord {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(text, "text");
  }

  /** The bytes Docker's log stream carries for this entry: the text, plus a newline when it ends a line. */
  public String line() {
    return partial ? text : text + "\n";
  }

  /**
   * Parses one k8s-file line, {@code <RFC3339Nano> <stdout|stderr> <F|P> <text>}, for example
   * {@code 2026-11-28T06:26:30.060323934+00:00 stdout F hi}.
   *
   * @throws InvalidArgumentException naming what is wrong with the line
   */
  public static LogRecord parseK8s(String line) {
    int a = line.indexOf(' ');
    int b = a < 0 ? -1 : line.indexOf(' ', a + 1);
    if (b < 0) {
      throw new InvalidArgumentException("read log: line has no stream field: \"" + abbreviate(line) + "\"");
    }
    int c = line.indexOf(' ', b + 1);
    String tag = c < 0 ? line.substring(b + 1) : line.substring(b + 1, c);
    String text = c < 0 ? "" : line.substring(c + 1);
    boolean partial = switch (tag) {
      case "F" -> false;
      case "P" -> true;
      default -> throw new InvalidArgumentException("read log: unknown tag \"" + tag + "\" (want F or P) in \""
          + abbreviate(line) + "\"");
    };
    Instant time;
    try {
      time = OffsetDateTime.parse(line.substring(0, a)).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidArgumentException("read log: bad timestamp \"" + line.substring(0, a) + "\"", e);
    }
    return new LogRecord(LogStream.parse(line.substring(a + 1, b)), time, text, partial);
  }

  /**
   * This entry as one line of Docker's json-file driver ({@code {"log":"hi\n","stream":"stdout",
   * "time":"2026-11-28T06:26:30.060323934Z"}}), without the trailing newline: the form tools that read
   * Docker's log files expect, produced on demand from conmon's k8s-file log.
   */
  public String toDockerJson() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("log", line());
    m.put("stream", stream.wireName());
    m.put("time", time.toString());
    return Json.writeString(m);
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
