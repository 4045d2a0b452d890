package dev.berth.engine.build;

import dev.berth.build.dockerfile.Instruction.ArgDecl;
import dev.berth.build.dockerfile.ShellWords;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code --build-arg}s of one build and Docker's rules for them: the meta ARGs (before the first FROM) are
 * visible to FROM lines only; inside a stage a build arg is visible only after an {@code ARG name}; the
 * predefined proxy args need no declaration and never reach the history; a build arg that nothing declared is
 * reported as not consumed. Owned by the building thread.
 */
final class BuildArgs {
  static final Set<String> PROXY = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY",
      "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

  private final Map<String, String> requested;
  private final Map<String, String> given = new LinkedHashMap<>();
  private final Map<String, String> meta = new LinkedHashMap<>();
  private final Set<String> consumed = new HashSet<>();

  /**
   * @param requested the request's build args; a null value counts as unset (the daemon has no environment
   *     to take it from)
   */
  BuildArgs(Map<String, String> requested, List<ArgDecl> metaArgs, ShellWords words) {
    this.requested = requested;
    requested.forEach((k, v) -> {
      if (v != null) given.put(k, v);
    });
    for (ArgDecl decl : metaArgs) {
      consumed.add(decl.name());
      String value = given.containsKey(decl.name()) ? given.get(decl.name())
          : decl.defaultValue() == null ? null : words.expand(decl.defaultValue(), meta);
      if (value != null) meta.put(decl.name(), value);
    }
  }

  /** The variables a FROM line sees: the meta ARGs with their values. */
  Map<String, String> metaScope() {
    return Map.copyOf(meta);
  }

  /**
   * The value {@code ARG name[=default]} in a stage gives its name: the build arg, else the default (expanded
   * with {@code vars}), else the meta ARG's value; null when it has none.
   */
  String declare(ArgDecl decl, ShellWords words, Map<String, String> vars) {
    consumed.add(decl.name());
    if (given.containsKey(decl.name())) return given.get(decl.name());
    if (decl.defaultValue() != null) return words.expand(decl.defaultValue(), vars);
    return meta.get(decl.name());
  }

  /** The proxy args given: in every RUN's environment, never in the history or the image. */
  Map<String, String> proxies() {
    Map<String, String> p = new LinkedHashMap<>();
    given.forEach((k, v) -> {
      if (PROXY.contains(k)) p.put(k, v);
    });
    return p;
  }

  /** The build args no ARG declared, sorted (Docker's "were not consumed" warning). */
  Set<String> unconsumed() {
    Set<String> names = new TreeSet<>(requested.keySet());
    names.removeAll(consumed);
    names.removeAll(PROXY);
    return names;
  }
}
