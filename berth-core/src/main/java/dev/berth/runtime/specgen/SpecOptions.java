package dev.berth.runtime.specgen;

import dev.berth.runtime.spec.Linux;
import dev.berth.runtime.spec.Linux.Namespace;
import dev.berth.runtime.spec.Mount;
import dev.berth.runtime.spec.Process;
import dev.berth.runtime.spec.Process.Rlimit;
import dev.berth.runtime.spec.Resources;
import dev.berth.runtime.spec.Resources.DeviceRule;
import dev.berth.runtime.spec.Root;
import dev.berth.runtime.spec.Seccomp;
import dev.berth.runtime.spec.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Small spec options, each doing one thing. They trust their input: {@link OptionsValidator} has already
 * checked the user's values.
 */
public final class SpecOptions {
  private SpecOptions() {}

  private static SpecOption process(UnaryOperator<Process> change) {
    return s -> s.withProcess(change.apply(s.process()));
  }

  private static SpecOption linux(UnaryOperator<Linux> change) {
    return s -> s.withLinux(change.apply(s.linux()));
  }

  private static SpecOption resources(UnaryOperator<Resources> change) {
    return linux(l -> l.withResources(change.apply(l.resources() == null ? Resources.NONE : l.resources())));
  }

  public static SpecOption withArgs(List<String> args) {
    return process(p -> p.withArgs(args));
  }

  public static SpecOption withEnv(List<String> env) {
    return process(p -> p.withEnv(env));
  }

  public static SpecOption withCwd(String cwd) {
    return process(p -> p.withCwd(cwd));
  }

  public static SpecOption withTerminal(boolean terminal) {
    return process(p -> p.withTerminal(terminal));
  }

  public static SpecOption withUser(ExecUser user) {
    return process(p -> p.withUser(new Process.User(user.uid(), user.gid(), null, user.additionalGids())));
  }

  /** The same set bounding, effective and permitted, as Docker does. */
  public static SpecOption withCapabilities(List<String> caps) {
    return process(p -> p.withCapabilities(Process.Capabilities.of(caps)));
  }

  public static SpecOption withNoNewPrivileges(boolean on) {
    return process(p -> p.withNoNewPrivileges(on));
  }

  public static SpecOption withOomScoreAdj(Integer adj) {
    return process(p -> p.withOomScoreAdj(adj));
  }

  /** Sets rlimits; a type already present is replaced. */
  public static SpecOption withRlimits(List<Rlimit> rlimits) {
    return process(p -> {
      Map<String, Rlimit> byType = new LinkedHashMap<>();
      p.rlimits().forEach(r -> byType.put(r.type(), r));
      rlimits.forEach(r -> byType.put(r.type(), r));
      return p.withRlimits(List.copyOf(byType.values()));
    });
  }

  public static SpecOption withHostname(String hostname) {
    return s -> s.withHostname(hostname);
  }

  public static SpecOption withRootfs(String path, boolean readonly) {
    return s -> s.withRoot(new Root(path, readonly));
  }

  /** Adds a mount; one already at the same destination is replaced, as a user's mount wins over a default. */
  public static SpecOption withMount(Mount mount) {
    return s -> {
      List<Mount> mounts = new ArrayList<>(s.mounts().stream().filter(m -> !m.destination().equals(mount.destination())).toList());
      mounts.add(mount);
      return s.withMounts(mounts);
    };
  }

  /** A tmpfs like Docker's --tmpfs: nosuid, nodev, noexec unless the options say exec. */
  public static SpecOption withTmpfs(String destination, String options) {
    List<String> opts = new ArrayList<>(List.of("nosuid", "nodev"));
    List<String> user = options == null || options.isBlank() ? List.of() : List.of(options.split(","));
    if (!user.contains("exec")) {
      opts.add("noexec");
    }
    opts.addAll(user);
    return withMount(new Mount(destination, "tmpfs", "tmpfs", opts));
  }

  public static SpecOption withBind(StorageOptions.BindMount bind) {
    return withMount(new Mount(bind.destination(), "bind", bind.source().toString(),
        List.of("rbind", bind.readOnly() ? "ro" : "rw", "rprivate")));
  }

  public static SpecOption withCgroupsPath(String path) {
    return linux(l -> l.withCgroupsPath(path));
  }

  /** Memory limit and memory+swap limit, in bytes; null leaves the controller alone. */
  public static SpecOption withMemory(Long limit, Long swap) {
    return resources(r -> r.withMemory(limit == null && swap == null ? null : new Resources.Memory(limit, null, swap)));
  }

  /** Fractional CPUs as a CFS quota over a 100 ms period, and relative shares. */
  public static SpecOption withCpu(Double cpus, Long shares) {
    Long period = cpus == null ? null : 100_000L;
    Long quota = cpus == null ? null : Math.round(cpus * 100_000);
    return resources(r -> r.withCpu(cpus == null && shares == null ? null : new Resources.Cpu(shares, quota, period, null, null)));
  }

  public static SpecOption withPidsLimit(Long limit) {
    return resources(r -> r.withPids(limit == null ? null : new Resources.Pids(limit <= 0 ? -1 : limit)));
  }

  public static SpecOption withDeviceRules(List<DeviceRule> rules) {
    return resources(r -> r.withDevices(rules));
  }

  /** Private: a new network namespace; Host: none in the spec; Join: the namespace at that path. */
  public static SpecOption withNetwork(NetworkMode mode) {
    return linux(l -> {
      List<Namespace> others = l.namespaces().stream().filter(n -> !n.type().equals("network")).toList();
      List<Namespace> all = new ArrayList<>(others);
      switch (mode) {
        case NetworkMode.Private p -> all.add(Namespace.create("network"));
        case NetworkMode.Join j -> all.add(new Namespace("network", j.path()));
        case NetworkMode.Host h -> { }
      }
      return l.withNamespaces(all);
    });
  }

  public static SpecOption withSysctls(Map<String, String> sysctls) {
    return linux(l -> {
      Map<String, String> all = new LinkedHashMap<>(l.sysctl() == null ? Map.of() : l.sysctl());
      all.putAll(sysctls);
      return l.withSysctl(all);
    });
  }

  /** A filter, or null for none. */
  public static SpecOption withSeccomp(Seccomp seccomp) {
    return linux(l -> l.withSeccomp(seccomp));
  }

  /** Adds device nodes for runc to create, leaving out any path the spec already has. */
  public static SpecOption withDevices(List<dev.berth.runtime.spec.Linux.Device> devices) {
    return linux(l -> {
      List<dev.berth.runtime.spec.Linux.Device> all = new java.util.ArrayList<>(l.devices() == null ? List.of() : l.devices());
      java.util.Set<String> paths = new java.util.HashSet<>();
      all.forEach(d -> paths.add(d.path()));
      devices.stream().filter(d -> paths.add(d.path())).forEach(all::add);
      return l.withDevices(all);
    });
  }

  /**
   * What --privileged lifts beyond capabilities and seccomp: nothing masked or read-only, every device
   * usable, and /sys and /sys/fs/cgroup writable.
   */
  public static SpecOption withPrivilegedPaths() {
    SpecOption paths = linux(l -> l.withMaskedPaths(List.of()).withReadonlyPaths(List.of()));
    SpecOption devices = withDeviceRules(List.of(new DeviceRule(true, "a", null, null, "rwm")));
    return s -> {
      Spec next = devices.apply(paths.apply(s));
      List<Mount> mounts = next.mounts().stream()
          .map(m -> m.type().equals("sysfs") || m.type().equals("cgroup")
              ? m.withOptions(m.options().stream().map(o -> o.equals("ro") ? "rw" : o).toList())
              : m)
          .toList();
      return next.withMounts(mounts);
    };
  }
}
