package dev.berth.runtime.container;

import dev.berth.errors.InvalidArgumentException;
import java.util.Set;

/**
 * A resource limit, {@code --ulimit nofile=1024:2048}: Docker's {@code {"Name", "Soft", "Hard"}}. -1 means
 * unlimited (RLIM_INFINITY), so it counts as the largest value when soft and hard are compared.
 */
public record Ulimit(String name, long soft, long hard) {
  private static final Set<String> NAMES = Set.of(
      "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss",
      "rtprio", "rttime", "sigpending", "stack", "as");

  public Ulimit {
    if (!NAMES.contains(name)) throw new InvalidArgumentException("invalid ulimit type: " + name);
    if (soft < -1 || hard < -1) throw new InvalidArgumentException("invalid ulimit " + name + ": limits must be -1 (unlimited) or more");
    if (Long.compareUnsigned(soft, hard) > 0) throw new InvalidArgumentException("invalid ulimit " + name + ": soft limit " + soft + " is greater than hard limit " + hard);
  }

  /** Parses {@code name=soft[:hard]}; without a hard limit it equals the soft one. */
  public static Ulimit parse(String text) {
    int eq = text == null ? -1 : text.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentException("invalid ulimit argument '" + text + "': expected name=soft[:hard]");
    String name = text.substring(0, eq);
    String[] limits = text.substring(eq + 1).split(":", -1);
    if (limits.length > 2) throw new InvalidArgumentException("invalid ulimit argument '" + text + "': too many limits");
    try {
      long soft = Long.parseLong(limits[0]);
      long hard = limits.length == 2 ? Long.parseLong(limits[1]) : soft;
      return new Ulimit(name, soft, hard);
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException("invalid ulimit argument '" + text + "': limits must be integers");
    }
  }
}
