package dev.berth.runtime.specgen;

import dev.berth.runtime.spec.Process.Rlimit;
import dev.berth.runtime.spec.Seccomp;
import dev.berth.runtime.spec.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the three stages: validate the options, resolve what depends on the rootfs and the host (user,
 * capabilities, rlimits, seccomp), then apply spec options to {@link DefaultSpec}. The result's root path is
 * the rootfs as given, so the bundle may live anywhere.
 */
public final class SpecGenerator {
  private final HostFacts host;

  public SpecGenerator(HostFacts host) {
    this.host = host;
  }

  /** Docker's default nofile ceiling; the host's own hard limit caps it further. */
  static final long DEFAULT_NOFILE_HARD = 1_048_576;
  static final long DEFAULT_NOFILE_SOFT = 1024;

  /** Docker's sysctls for a container with its own network: unprivileged ping and low ports. */
  static final Map<String, String> NETWORK_SYSCTLS = Map.of(
      "net.ipv4.ip_unprivileged_port_start", "0", "net.ipv4.ping_group_range", "0 2147483647");

  public Spec generate(ContainerOptions options) {
    OptionsValidator.validate(options, host);
    ProcessOptions p = options.process();
    SecurityOptions sec = options.security();
    ResourceOptions res = options.resources();
    ExecUser user = UserLookup.resolve(options.storage().rootfs(), p.user(), p.groupAdd());
    List<String> caps = CapabilitySet.resolve(sec.privileged(), sec.capAdd(), sec.capDrop(), host);
    String hostname = options.effectiveHostname();

    List<SpecOption> steps = new ArrayList<>(List.of(
        SpecOptions.withArgs(p.args()),
        SpecOptions.withEnv(environment(p, hostname, user)),
        SpecOptions.withCwd(p.workdir()),
        SpecOptions.withTerminal(p.tty()),
        SpecOptions.withUser(user),
        SpecOptions.withHostname(hostname),
        SpecOptions.withRootfs(options.storage().rootfs().toString(), sec.readOnlyRootfs()),
        SpecOptions.withCapabilities(caps),
        SpecOptions.withNoNewPrivileges(sec.noNewPrivileges()),
        SpecOptions.withOomScoreAdj(res.oomScoreAdj()),
        SpecOptions.withRlimits(rlimits(res.ulimits())),
        SpecOptions.withCgroupsPath("/berth/" + options.id()),
        SpecOptions.withMemory(positive(res.memory()), res.memory() == null ? null : res.memorySwap()),
        SpecOptions.withCpu(res.cpus(), positive(res.cpuShares())),
        SpecOptions.withPidsLimit(res.pidsLimit()),
        SpecOptions.withNetwork(options.network()),
        SpecOptions.withSeccomp(seccomp(sec, caps))));
    if (!(options.network() instanceof NetworkMode.Host)) {
      steps.add(SpecOptions.withSysctls(NETWORK_SYSCTLS));
    }
    steps.add(SpecOptions.withSysctls(options.sysctls()));
    options.storage().tmpfs().forEach((dest, opts) -> steps.add(SpecOptions.withTmpfs(dest, opts)));
    options.storage().binds().forEach(b -> steps.add(SpecOptions.withBind(b)));
    if (sec.privileged()) {
      steps.add(SpecOptions.withPrivilegedPaths());
      steps.add(SpecOptions.withDevices(HostDevices.scan(java.nio.file.Path.of("/dev"))));
    }
    return SpecOption.applyAll(DefaultSpec.create(), steps);
  }

  private static Long positive(Long value) {
    return value == null || value <= 0 ? null : value;
  }

  /** Docker's order: PATH (when the options set none), HOSTNAME, TERM for a tty, the user's, HOME last. */
  static List<String> environment(ProcessOptions p, String hostname, ExecUser user) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", DefaultSpec.DEFAULT_PATH);
    env.put("HOSTNAME", hostname);
    if (p.tty()) {
      env.put("TERM", "xterm");
    }
    for (String e : p.env()) {
      int eq = e.indexOf('=');
      if (eq < 0) {
        env.remove(e); // "-e NAME" with no value: the variable is unset, as when Docker's client has none.
      } else {
        env.put(e.substring(0, eq), e.substring(eq + 1));
      }
    }
    env.putIfAbsent("HOME", user.home());
    List<String> out = new ArrayList<>();
    env.forEach((k, v) -> out.add(k + "=" + v));
    return List.copyOf(out);
  }

  /** nofile by default (never above the host's hard limit), then the user's --ulimit values. */
  List<Rlimit> rlimits(List<Ulimit> ulimits) {
    long hostHard = host.hardLimit("RLIMIT_NOFILE");
    long hard = hostHard == -1 ? DEFAULT_NOFILE_HARD : Math.min(DEFAULT_NOFILE_HARD, hostHard);
    List<Rlimit> out = new ArrayList<>();
    out.add(new Rlimit("RLIMIT_NOFILE", hard, Math.min(DEFAULT_NOFILE_SOFT, hard)));
    ulimits.forEach(u -> out.add(new Rlimit(u.rlimitType(), u.hard(), u.soft())));
    return out;
  }

  private static Seccomp seccomp(SecurityOptions sec, List<String> caps) {
    if (sec.privileged()) {
      return null;
    }
    return switch (sec.seccomp()) {
      case SeccompMode.Default d -> DefaultSeccompProfile.forCapabilities(caps, d.i386(), d.x32());
      case SeccompMode.Unconfined u -> null;
      case SeccompMode.Custom c -> c.profile();
    };
  }
}
