package dev.berth.engine.exec;

import dev.berth.engine.ExecService.ExecConfig;
import dev.berth.runtime.spec.Process;
import dev.berth.runtime.specgen.CapabilitySet;
import dev.berth.runtime.specgen.ExecUser;
import dev.berth.runtime.specgen.HostFacts;
import dev.berth.runtime.specgen.UserLookup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an exec's OCI process from its container's, as Docker does: it starts from the process the
 * container runs with, so capabilities, no-new-privileges, the AppArmor profile, rlimits and the OOM score
 * are the container's (seccomp, namespaces and cgroups come with the container itself), and changes what
 * the exec chose: the command, the environment (the container's plus the exec's), the user (looked up in
 * the container's own /etc/passwd and /etc/group; the container's user when none is given), the working
 * directory (the container's when none is given) and the terminal. A privileged exec gets every capability
 * the daemon holds.
 */
public final class ExecProcesses {
  private ExecProcesses() {}

  /**
   * @param container the container's process, from its bundle's config.json
   * @param containerEnv the container's configured environment (to tell a HOME or TERM set by the user
   *     from the ones the engine derived)
   * @param rootfs the container's root filesystem, where a named user is looked up
   */
  public static Process build(Process container, List<String> containerEnv, ExecConfig exec, boolean tty,
      Path rootfs, HostFacts host) {
    ExecUser resolved = exec.user().isEmpty() ? null : UserLookup.resolve(rootfs, exec.user(), List.of());
    Process.User user = resolved == null
        ? container.user()
        : new Process.User(resolved.uid(), resolved.gid(), null, resolved.additionalGids());
    String home = resolved == null ? envValue(container.env(), "HOME") : resolved.home();
    Process p = container
        .withArgs(exec.cmd())
        .withEnv(environment(container.env(), containerEnv, exec.env(), tty, home))
        .withCwd(exec.workingDir().isEmpty() ? container.cwd() : exec.workingDir())
        .withUser(user)
        .withTerminal(tty);
    if (exec.privileged()) {
      p = p.withCapabilities(Process.Capabilities.of(CapabilitySet.ALL.stream().filter(host::hasCapability).toList()));
    }
    return p;
  }

  /**
   * The container's environment without what the engine derived for the container's own process (TERM for
   * its terminal, HOME for its user) unless the user set it, then TERM=xterm for an exec with a terminal,
   * the exec's entries (a bare name removes the variable), and HOME for the exec's user when still unset.
   */
  static List<String> environment(List<String> container, List<String> configured, List<String> exec, boolean tty, String home) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String e : container) {
      int eq = e.indexOf('=');
      if (eq > 0) {
        env.put(e.substring(0, eq), e.substring(eq + 1));
      }
    }
    for (String derived : List.of("TERM", "HOME")) {
      if (envValue(configured, derived) == null) {
        env.remove(derived);
      }
    }
    if (tty) {
      env.putIfAbsent("TERM", "xterm");
    }
    for (String e : exec) {
      int eq = e.indexOf('=');
      if (eq < 0) {
        env.remove(e);
      } else if (eq > 0) {
        env.put(e.substring(0, eq), e.substring(eq + 1));
      }
    }
    if (home != null) {
      env.putIfAbsent("HOME", home);
    }
    List<String> out = new ArrayList<>();
    env.forEach((k, v) -> out.add(k + "=" + v));
    return List.copyOf(out);
  }

  private static String envValue(List<String> env, String name) {
    String value = null;
    for (String e : env) {
      if (e.startsWith(name + "=")) {
        value = e.substring(name.length() + 1);
      }
    }
    return value;
  }
}
