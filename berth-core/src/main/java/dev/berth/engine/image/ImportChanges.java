package dev.berth.engine.image;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.ImageConfig.ContainerConfig;
import dev.berth.oci.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies {@code docker import --change} and {@code docker commit --change} instructions to a container
 * config: CMD, ENTRYPOINT, ENV, WORKDIR, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER and VOLUME, each in the
 * forms a Dockerfile accepts. CMD and ENTRYPOINT take a JSON
 * array or a shell form, which becomes {@code ["/bin/sh", "-c", …]}. A change that is unknown or malformed
 * is an InvalidArgumentException that quotes it.
 */
public final class ImportChanges {
  private ImportChanges() {}

  public static ContainerConfig apply(ContainerConfig base, List<String> changes) {
    Builder b = new Builder(base);
    for (String change : changes == null ? List.<String>of() : changes) {
      if (change == null || change.isBlank()) continue;
      try {
        applyOne(b, change.strip());
      } catch (IllegalArgumentException e) {
        throw new InvalidArgumentException("invalid change \"" + change + "\": " + e.getMessage(), e);
      }
    }
    return b.build();
  }

  private static void applyOne(Builder b, String change) {
    String[] parts = change.split("\\s+", 2);
    String instruction = parts[0].toUpperCase(Locale.ROOT);
    String args = parts.length > 1 ? parts[1].strip() : "";
    if (args.isEmpty()) throw new IllegalArgumentException(instruction + " needs an argument");
    switch (instruction) {
      case "CMD" -> b.cmd = command(args);
      case "ENTRYPOINT" -> b.entrypoint = command(args);
      case "ENV" -> keyValues(args, "ENV").forEach(b::env);
      case "LABEL" -> b.labels.putAll(keyValues(args, "LABEL"));
      case "WORKDIR" -> b.workingDir = args;
      case "USER" -> b.user = args;
      case "EXPOSE" -> words(args).forEach(p -> b.exposedPorts.put(port(p), Map.of()));
      case "VOLUME" -> list(args).forEach(v -> b.volumes.put(v, Map.of()));
      case "STOPSIGNAL" -> b.stopSignal = args;
      case "ONBUILD" -> b.onBuild.add(onBuild(args));
      default -> throw new IllegalArgumentException(parts[0] + " is not a valid change command (allowed: CMD, ENTRYPOINT, "
          + "ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR)");
    }
  }

  /** The trigger as the Dockerfile wrote it; chaining ONBUILD and triggering FROM or MAINTAINER are refused. */
  private static String onBuild(String trigger) {
    String first = trigger.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
    if (first.equals("ONBUILD") || first.equals("FROM") || first.equals("MAINTAINER")) {
      throw new IllegalArgumentException(first + " isn't allowed as an ONBUILD trigger");
    }
    return trigger;
  }

  /** JSON (exec) form when it parses as a JSON string array, else shell form. */
  private static List<String> command(String args) {
    List<String> exec = jsonArray(args);
    return exec != null ? exec : List.of("/bin/sh", "-c", args);
  }

  private static List<String> list(String args) {
    List<String> json = jsonArray(args);
    return json != null ? json : words(args);
  }

  private static List<String> jsonArray(String args) {
    if (!args.startsWith("[")) return null;
    try {
      return List.of(Json.read(args, String[].class));
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }

  private static String port(String spec) {
    if (!spec.matches("\\d{1,5}(-\\d{1,5})?(/(tcp|udp|sctp))?")) {
      throw new IllegalArgumentException("invalid port \"" + spec + "\" (expected PORT[/PROTOCOL])");
    }
    return spec.contains("/") ? spec : spec + "/tcp";
  }

  /** {@code k=v k2="v 2"}, or the legacy {@code k value with spaces}. */
  private static Map<String, String> keyValues(String args, String instruction) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> words = words(args);
    if (!words.getFirst().contains("=")) {
      String[] kv = args.split("\\s+", 2);
      if (kv.length < 2) throw new IllegalArgumentException(instruction + " needs a name and a value");
      out.put(kv[0], unquote(kv[1].strip()));
      return out;
    }
    for (String w : words) {
      int eq = w.indexOf('=');
      if (eq <= 0) throw new IllegalArgumentException(instruction + " expects NAME=VALUE, got \"" + w + "\"");
      out.put(w.substring(0, eq), w.substring(eq + 1));
    }
    return out;
  }

  private static String unquote(String s) {
    List<String> w = words(s);
    return w.size() == 1 ? w.getFirst() : s;
  }

  /** Splits on blanks outside quotes; quotes are removed and a backslash escapes the next character. */
  static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && quote != '\'' && i + 1 < s.length()) {
        cur.append(s.charAt(++i));
        inWord = true;
      } else if (quote != 0) {
        if (c == quote) quote = 0;
        else cur.append(c);
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) out.add(cur.toString());
        cur.setLength(0);
        inWord = false;
      } else {
        cur.append(c);
        inWord = true;
      }
    }
    if (quote != 0) throw new IllegalArgumentException("unterminated quote");
    if (inWord) out.add(cur.toString());
    return out;
  }

  /** Mutable only while the changes are applied; {@link #build} gives the immutable record. */
  private static final class Builder {
    private final ContainerConfig base;
    String user;
    String workingDir;
    String stopSignal;
    List<String> cmd;
    List<String> entrypoint;
    final List<String> env;
    final Map<String, String> labels;
    final Map<String, Map<String, Object>> exposedPorts;
    final Map<String, Map<String, Object>> volumes;
    final List<String> onBuild;

    Builder(ContainerConfig base) {
      this.base = base == null ? ContainerConfig.EMPTY : base;
      user = this.base.user();
      workingDir = this.base.workingDir();
      stopSignal = this.base.stopSignal();
      onBuild = new ArrayList<>(this.base.onBuild() == null ? List.of() : this.base.onBuild());
      cmd = this.base.cmd();
      entrypoint = this.base.entrypoint();
      env = new ArrayList<>(this.base.env() == null ? List.of() : this.base.env());
      labels = new LinkedHashMap<>(this.base.labels() == null ? Map.of() : this.base.labels());
      exposedPorts = new LinkedHashMap<>(this.base.exposedPorts() == null ? Map.of() : this.base.exposedPorts());
      volumes = new LinkedHashMap<>(this.base.volumes() == null ? Map.of() : this.base.volumes());
    }

    void env(String name, String value) {
      env.removeIf(e -> e.equals(name) || e.startsWith(name + "="));
      env.add(name + "=" + value);
    }

    ContainerConfig build() {
      return new ContainerConfig(user, nullIfEmpty(exposedPorts), env.isEmpty() ? null : List.copyOf(env),
          entrypoint, cmd, nullIfEmpty(volumes), workingDir, labels.isEmpty() ? null : Map.copyOf(labels),
          stopSignal, base.shell(), base.healthcheck(), onBuild.isEmpty() ? null : List.copyOf(onBuild), base.argsEscaped());
    }

    private static Map<String, Map<String, Object>> nullIfEmpty(Map<String, Map<String, Object>> m) {
      return m.isEmpty() ? null : new java.util.TreeMap<>(m);
    }
  }
}
