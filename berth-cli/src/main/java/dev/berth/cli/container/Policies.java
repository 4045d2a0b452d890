package dev.berth.cli.container;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The small flag grammars of {@code run} and {@code create}: restart policies, ulimits, exposed ports,
 * security options, capabilities, platforms, pull policies, attach streams and detach keys.
 */
final class Policies {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Set<String> ULIMITS = Set.of(
      "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime",
      "sigpending", "stack");
  private static final Set<String> OSES = Set.of("linux", "windows", "darwin", "freebsd");
  private static final Set<String> ARCHES = Set.of("amd64", "arm64", "arm", "386", "ppc64le", "s390x", "riscv64", "mips64le");

  private Policies() {}

  /** {@code no}, {@code always}, {@code unless-stopped}, {@code on-failure[:N]} as a RestartPolicy object. */
  static ObjectNode restart(String text) {
    String[] parts = text.split(":", 2);
    String name = parts[0];
    int retries = 0;
    switch (name) {
      case "", "no", "always", "unless-stopped" -> {
        if (parts.length > 1) throw new BadFlagException("--restart", text, "invalid restart policy: maximum retry count can only be used with 'on-failure'");
        if (name.isEmpty()) name = "no";
      }
      case "on-failure" -> retries = parts.length > 1 ? retryCount(text, parts[1]) : 0;
      default -> throw new BadFlagException("--restart", text,
          "invalid restart policy: unknown policy '" + name + "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
    }
    return JSON.objectNode().put("Name", name).put("MaximumRetryCount", retries);
  }

  private static int retryCount(String text, String count) {
    try {
      int n = Integer.parseInt(count);
      if (n < 0) throw new BadFlagException("--restart", text, "invalid restart policy: maximum retry count cannot be negative");
      return n;
    } catch (NumberFormatException e) {
      throw new BadFlagException("--restart", text, "invalid restart policy: strconv.Atoi: parsing \"" + count + "\": invalid syntax");
    }
  }

  /** {@code nofile=1024:2048} as {"Name","Hard","Soft"}; a single number sets both. */
  static ObjectNode ulimit(String text) {
    String[] kv = text.split("=", 2);
    if (kv.length < 2) throw new BadFlagException("--ulimit", text, "invalid ulimit argument: " + text);
    if (!ULIMITS.contains(kv[0])) throw new BadFlagException("--ulimit", text, "invalid ulimit type: " + kv[0]);
    String[] limits = kv[1].split(":", 2);
    long soft = Values.integer("--ulimit", limits[0]);
    long hard = limits.length > 1 ? Values.integer("--ulimit", limits[1]) : soft;
    if (soft > hard) throw new BadFlagException("--ulimit", text, "ulimit soft limit must be less than or equal to hard limit: " + soft + " > " + hard);
    return JSON.objectNode().put("Name", kv[0]).put("Hard", hard).put("Soft", soft);
  }

  /** {@code 80}, {@code 90/udp} or {@code 8000-8002/tcp} into ExposedPorts keys. */
  static void expose(String text, ObjectNode ports) {
    String[] pp = text.split("/", 2);
    String proto = pp.length > 1 ? pp[1].toLowerCase(Locale.ROOT) : "tcp";
    String[] range = pp[0].split("-", 2);
    int start = port(text, range[0]);
    int end = range.length > 1 ? port(text, range[1]) : start;
    if (end < start || !Set.of("tcp", "udp", "sctp").contains(proto)) {
      throw new BadFlagException("invalid range format for --expose: " + text);
    }
    for (int p = start; p <= end; p++) ports.set(p + "/" + proto, JSON.objectNode());
  }

  private static int port(String text, String port) {
    try {
      int p = Integer.parseInt(port);
      if (p < 0 || p > 65535) throw new NumberFormatException();
      return p;
    } catch (NumberFormatException e) {
      throw new BadFlagException("invalid range format for --expose: " + text
          + ", error: strconv.ParseUint: parsing \"" + port + "\": invalid syntax");
    }
  }

  /**
   * One {@code --security-opt}: {@code no-new-privileges[:true|false]}, {@code seccomp=PROFILE|unconfined},
   * {@code apparmor=…}, {@code label=…}. A seccomp profile file is sent as its content, as docker does.
   */
  static String securityOpt(String text) {
    if (text.equals("no-new-privileges")) return text;
    int sep = indexOfSeparator(text);
    if (sep <= 0) throw new BadFlagException("Invalid --security-opt: \"" + text + "\"");
    String key = text.substring(0, sep);
    String value = text.substring(sep + 1);
    if (key.equals("seccomp") && !value.equals("unconfined") && !value.equals("builtin")) {
      try {
        return "seccomp=" + Files.readString(Path.of(value));
      } catch (IOException e) {
        throw new BadFlagException("opening seccomp profile (" + value + ") failed: " + e.getMessage());
      }
    }
    if (!Set.of("no-new-privileges", "seccomp", "apparmor", "label", "systempaths", "writable-cgroups").contains(key)) {
      throw new BadFlagException("Invalid --security-opt: \"" + text + "\"");
    }
    return text;
  }

  private static int indexOfSeparator(String text) {
    int eq = text.indexOf('=');
    int colon = text.indexOf(':');
    if (eq < 0) return colon;
    if (colon < 0) return eq;
    return Math.min(eq, colon);
  }

  /** {@code NET_ADMIN} or {@code net_admin} as {@code CAP_NET_ADMIN}; {@code ALL} stays. */
  static String capability(String text) {
    String upper = text.strip().toUpperCase(Locale.ROOT);
    if (upper.isEmpty()) throw new BadFlagException("--cap-add", text, "empty capability");
    return upper.equals("ALL") || upper.startsWith("CAP_") ? upper : "CAP_" + upper;
  }

  /** {@code os[/arch[/variant]]}, checked, as the create call's platform parameter. */
  static String platform(String text) {
    String[] parts = text.toLowerCase(Locale.ROOT).split("/");
    boolean ok = parts.length <= 3 && (OSES.contains(parts[0]) || (parts.length == 1 && ARCHES.contains(parts[0])))
        && (parts.length < 2 || ARCHES.contains(parts[1]));
    if (!ok) {
      throw new BadFlagException("error parsing specified platform: \"" + text + "\": unknown operating system or architecture: invalid argument");
    }
    return text;
  }

  /** {@code --pull}: {@code missing} or {@code never}; {@code always} needs a registry, which Berth has not yet. */
  static String pull(String text) {
    return switch (text) {
      case "missing", "never" -> text;
      case "always" -> throw new BadFlagException("--pull", text, "pulling needs a registry, which this berth cannot reach yet; use missing or never");
      default -> throw new BadFlagException("--pull", text, "invalid pull option: '" + text + "': must be one of \"always\", \"missing\" or \"never\"");
    };
  }

  /** {@code -a STDOUT}: the stream's name in lower case. */
  static String attachStream(String text) {
    String s = text.toLowerCase(Locale.ROOT);
    if (!Set.of("stdin", "stdout", "stderr").contains(s)) throw new BadFlagException("-a, --attach", text, "valid streams are STDIN, STDOUT and STDERR");
    return s;
  }

  /** {@code ctrl-p,ctrl-q} as the bytes the terminal sends (16, 17); a plain character stands for itself. */
  static byte[] detachKeys(String text) {
    ByteArrayOutputStream keys = new ByteArrayOutputStream();
    for (String key : text.split(",")) {
      String k = key.strip().toLowerCase(Locale.ROOT);
      if (k.length() == 1) keys.write(k.charAt(0));
      else if (k.startsWith("ctrl-") && k.length() == 6 && ctrl(k.charAt(5)) >= 0) keys.write(ctrl(k.charAt(5)));
      else throw new BadFlagException("--detach-keys", text, "Unknown character: '" + key + "'");
    }
    return keys.toByteArray();
  }

  private static int ctrl(char c) {
    if (c >= 'a' && c <= 'z') return c - 'a' + 1;
    return switch (c) {
      case '@' -> 0;
      case '[' -> 27;
      case '\\' -> 28;
      case ']' -> 29;
      case '^' -> 30;
      case '_' -> 31;
      default -> -1;
    };
  }
}
