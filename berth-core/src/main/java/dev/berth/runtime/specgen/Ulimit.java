package dev.berth.runtime.specgen;

import dev.berth.errors.InvalidArgumentException;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code --ulimit name=soft[:hard]} as Docker spells it (nofile, nproc, core, …), Docker's
 * {@code {"Name", "Soft", "Hard"}}; -1 means unlimited (RLIM_INFINITY), so it counts as the largest value when
 * soft and hard are compared. Parsing checks the syntax; whether the host allows the values is the validator's
 * job.
 *
 * <p>The one Ulimit of the runtime: the container model ({@code runtime.container.ResourceConfig}) stores it
 * and spec generation reads it, so it lives here in the lower of the two packages.
 */
public record Ulimit(String name, long soft, long hard) {
  /** Docker's ulimit names and the rlimit each one sets. */
  static final Map<String, String> RLIMITS = Map.ofEntries(
      Map.entry("as", "RLIMIT_AS"), Map.entry("core", "RLIMIT_CORE"), Map.entry("cpu", "RLIMIT_CPU"),
      Map.entry("data", "RLIMIT_DATA"), Map.entry("fsize", "RLIMIT_FSIZE"), Map.entry("locks", "RLIMIT_LOCKS"),
      Map.entry("memlock", "RLIMIT_MEMLOCK"), Map.entry("msgqueue", "RLIMIT_MSGQUEUE"), Map.entry("nice", "RLIMIT_NICE"),
      Map.entry("nofile", "RLIMIT_NOFILE"), Map.entry("nproc", "RLIMIT_NPROC"), Map.entry("rss", "RLIMIT_RSS"),
      Map.entry("rtprio", "RLIMIT_RTPRIO"), Map.entry("rttime", "RLIMIT_RTTIME"),
      Map.entry("sigpending", "RLIMIT_SIGPENDING"), Map.entry("stack", "RLIMIT_STACK"));

  public Ulimit {
    name = name == null ? "" : name.toLowerCase(Locale.ROOT);
    if (!RLIMITS.containsKey(name)) {
      throw new InvalidArgumentException("invalid ulimit type: " + name);
    }
    if (soft < -1 || hard < -1) {
      throw new InvalidArgumentException("invalid ulimit " + name + ": limits must be -1 (unlimited) or more");
    }
    if (Long.compareUnsigned(soft, hard) > 0) {
      throw new InvalidArgumentException(
          "invalid ulimit " + name + ": soft limit must be less than or equal to hard limit: " + soft + " > " + hard);
    }
  }

  /** Parses {@code nofile=1024:2048} or {@code nofile=1024}. */
  public static Ulimit parse(String text) {
    int eq = text == null ? -1 : text.indexOf('=');
    if (eq <= 0) {
      throw new InvalidArgumentException("invalid ulimit argument: " + text + " (expected name=soft[:hard])");
    }
    String[] values = text.substring(eq + 1).split(":", -1);
    if (values.length > 2) {
      throw new InvalidArgumentException("too many limit value arguments - " + text + ", can only have up to two, `soft[:hard]`");
    }
    long soft = number(text, values[0]);
    long hard = values.length == 2 ? number(text, values[1]) : soft;
    return new Ulimit(text.substring(0, eq), soft, hard);
  }

  private static long number(String text, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException("invalid ulimit argument: " + text + " (" + value + " is not a number)", e);
    }
  }

  /** The OCI rlimit type, e.g. RLIMIT_NOFILE. */
  public String rlimitType() {
    return RLIMITS.get(name);
  }
}
