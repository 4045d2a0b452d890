package dev.berth.runtime.bundle;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Json;
import dev.berth.runtime.spec.Seccomp;
import dev.berth.runtime.specgen.SeccompMode;
import java.util.List;
import java.util.Locale;

/**
 * Docker's {@code --security-opt} entries, parsed: {@code no-new-privileges} (alone, or {@code =true|false},
 * or the legacy {@code :} separator), {@code seccomp=unconfined}, {@code seccomp=builtin} or
 * {@code seccomp=<profile JSON>} (the CLI sends the file's content), and {@code apparmor=unconfined} /
 * {@code label=disable}, which ask for less confinement than this daemon applies anyway. Anything else,
 * including a named AppArmor or SELinux profile it cannot apply, is refused rather than dropped silently.
 */
record SecurityOpts(boolean noNewPrivileges, SeccompMode seccomp) {
  static SecurityOpts parse(List<String> opts) {
    boolean noNewPrivileges = false;
    SeccompMode seccomp = new SeccompMode.Default();
    for (String opt : opts) {
      if (opt.equals("no-new-privileges")) {
        noNewPrivileges = true;
        continue;
      }
      int sep = separator(opt);
      String key = opt.substring(0, sep);
      String value = opt.substring(sep + 1);
      switch (key) {
        case "no-new-privileges" -> noNewPrivileges = bool(opt, value);
        case "seccomp" -> seccomp = seccomp(opt, value);
        case "apparmor" -> requireValue(opt, value, "unconfined", "AppArmor profiles are not supported by this daemon");
        case "label" -> requireValue(opt, value, "disable", "SELinux labels are not supported by this daemon");
        default -> throw invalid(opt, "unknown option '" + key + "'");
      }
    }
    return new SecurityOpts(noNewPrivileges, seccomp);
  }

  private static int separator(String opt) {
    int eq = opt.indexOf('=');
    int colon = opt.indexOf(':');
    int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
    if (sep <= 0) {
      throw invalid(opt, "expected key=value");
    }
    return sep;
  }

  private static boolean bool(String opt, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw invalid(opt, "no-new-privileges takes true or false");
    };
  }

  private static SeccompMode seccomp(String opt, String value) {
    if (value.equals("unconfined")) {
      return new SeccompMode.Unconfined();
    }
    if (value.equals("builtin")) {
      return new SeccompMode.Default();
    }
    if (!value.strip().startsWith("{")) {
      throw invalid("seccomp=" + value, "expected unconfined, builtin or a JSON profile");
    }
    try {
      return new SeccompMode.Custom(Json.read(value, Seccomp.class));
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("invalid --security-opt seccomp: the profile is not valid: " + e.getMessage(), e);
    }
  }

  private static void requireValue(String opt, String value, String allowed, String reason) {
    if (!value.equals(allowed)) {
      throw invalid(opt, reason + " (only '" + allowed + "' is accepted)");
    }
  }

  private static InvalidArgumentException invalid(String opt, String reason) {
    return new InvalidArgumentException("invalid --security-opt \"" + opt + "\": " + reason);
  }
}
