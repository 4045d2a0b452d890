package dev.berth.runtime.specgen;

import dev.berth.errors.InvalidArgumentException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Stage two: checks a container's options against the rules and this host before any spec exists, so a bad
 * flag fails with a message that names it (as Docker's do) instead of a runc error at start.
 */
public final class OptionsValidator {
  private OptionsValidator() {}

  /** Docker's floor for --memory: below it the container cannot even start its runtime. */
  public static final long MIN_MEMORY = 6 * 1024 * 1024;

  private static final Pattern ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");
  private static final Pattern HOSTNAME = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9.-]{0,61}[a-zA-Z0-9])?");
  private static final Pattern SYSCTL = Pattern.compile("[a-z0-9_]+(\\.[a-zA-Z0-9_*-]+)+");
  private static final Set<String> IPC_SYSCTLS = Set.of(
      "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax",
      "kernel.shmmni", "kernel.shm_rmid_forced");

  public static void validate(ContainerOptions options, HostFacts host) {
    if (!ID.matcher(options.id()).matches()) {
      throw new InvalidArgumentException("invalid container id " + options.id() + ": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    }
    if (!HOSTNAME.matcher(options.effectiveHostname()).matches()) {
      throw new InvalidArgumentException("invalid hostname format: " + options.effectiveHostname());
    }
    validateProcess(options.process());
    validateSecurity(options.security(), host);
    validateResources(options.resources(), host);
    validateStorage(options.storage());
    validateSysctls(options.sysctls(), options.network());
  }

  static void validateProcess(ProcessOptions p) {
    if (p.args().isEmpty()) {
      throw new InvalidArgumentException("create container: no command specified");
    }
    if (!p.workdir().startsWith("/")) {
      throw new InvalidArgumentException("the working directory '" + p.workdir() + "' is invalid, it needs to be an absolute path");
    }
    for (String e : p.env()) {
      if (e.isEmpty() || e.startsWith("=") || e.indexOf('\0') >= 0) {
        throw new InvalidArgumentException("invalid environment variable: \"" + e + "\"");
      }
    }
    if (p.user().chars().filter(c -> c == ':').count() > 1) {
      throw new InvalidArgumentException("invalid user \"" + p.user() + "\": expected name, uid, uid:gid or name:group");
    }
  }

  static void validateSecurity(SecurityOptions s, HostFacts host) {
    s.capDrop().forEach(CapabilitySet::normalize);
    for (String cap : s.capAdd()) {
      String name = CapabilitySet.normalize(cap);
      if (!name.equals("ALL") && !host.hasCapability(name)) {
        throw new InvalidArgumentException("invalid capability: " + name
            + " is not in this daemon's bounding set, so no container can be given it");
      }
    }
  }

  static void validateResources(ResourceOptions r, HostFacts host) {
    if (r.memory() != null && r.memory() > 0 && r.memory() < MIN_MEMORY) {
      throw new InvalidArgumentException("Minimum memory limit allowed is 6MB (got --memory " + r.memory() + ")");
    }
    if (r.memorySwap() != null && r.memorySwap() != -1 && r.memorySwap() != 0) {
      if (r.memory() == null || r.memory() <= 0) {
        throw new InvalidArgumentException("You should always set the Memory limit when using Memoryswap limit, see usage");
      }
      if (r.memorySwap() < r.memory()) {
        throw new InvalidArgumentException("Minimum memoryswap limit should be larger than memory limit, see usage");
      }
    }
    if (r.cpus() != null && (r.cpus() < 0.01 || r.cpus() > host.cpus())) {
      throw new InvalidArgumentException("Range of CPUs is from 0.01 to " + host.cpus() + ".00, as there are only "
          + host.cpus() + " CPUs available (got --cpus " + r.cpus() + ")");
    }
    if (r.cpuShares() != null && r.cpuShares() < 0) {
      throw new InvalidArgumentException("invalid --cpu-shares " + r.cpuShares() + ": must not be negative");
    }
    if (r.oomScoreAdj() != null && (r.oomScoreAdj() < -1000 || r.oomScoreAdj() > 1000)) {
      throw new InvalidArgumentException("Invalid value " + r.oomScoreAdj() + ", range for oom score adj is [-1000, 1000]");
    }
    validateUlimits(r.ulimits(), host);
  }

  /** A ulimit above the daemon's own hard limit would make runc fail with EPERM at start: refuse it now. */
  static void validateUlimits(List<Ulimit> ulimits, HostFacts host) {
    Set<String> seen = new HashSet<>();
    for (Ulimit u : ulimits) {
      if (!seen.add(u.name())) {
        throw new InvalidArgumentException("ulimit " + u.name() + " is given more than once");
      }
      long max = host.hardLimit(u.rlimitType());
      if (max != -1 && Long.compareUnsigned(u.hard(), max) > 0) {
        throw new InvalidArgumentException("ulimit " + u.name() + ": hard limit " + show(u.hard())
            + " is above this host's hard limit " + max + " (the daemon cannot raise its own limits)");
      }
    }
  }

  private static String show(long value) {
    return value == -1 ? "unlimited" : Long.toString(value);
  }

  static void validateStorage(StorageOptions s) {
    if (!Files.isDirectory(s.rootfs())) {
      throw new InvalidArgumentException("create container: rootfs " + s.rootfs() + " is not a directory");
    }
    Set<String> destinations = new HashSet<>();
    for (String dest : s.tmpfs().keySet()) {
      checkDestination("--tmpfs", dest, destinations);
    }
    for (StorageOptions.BindMount b : s.binds()) {
      checkDestination("bind mount", b.destination(), destinations);
      if (!b.source().isAbsolute() || !Files.exists(b.source())) {
        throw new InvalidArgumentException("invalid mount config: bind source path does not exist: " + b.source());
      }
    }
  }

  private static void checkDestination(String what, String dest, Set<String> seen) {
    if (!dest.startsWith("/") || dest.equals("/")) {
      throw new InvalidArgumentException("invalid " + what + " destination \"" + dest + "\": must be an absolute path other than /");
    }
    String normalized = dest.replaceAll("/+$", "");
    if (!seen.add(normalized)) {
      throw new InvalidArgumentException("Duplicate mount point: " + normalized);
    }
  }

  /** Only sysctls the kernel namespaces may be set; net.* only when the container has its own network. */
  static void validateSysctls(Map<String, String> sysctls, NetworkMode network) {
    for (String key : sysctls.keySet()) {
      if (!SYSCTL.matcher(key).matches()) {
        throw new InvalidArgumentException("invalid sysctl name \"" + key + "\"");
      }
      boolean ipc = IPC_SYSCTLS.contains(key) || key.startsWith("fs.mqueue.");
      boolean net = key.startsWith("net.") && !(network instanceof NetworkMode.Host);
      if (!ipc && !net) {
        throw new InvalidArgumentException("sysctl \"" + key + "\" is not allowed: it is not in a separate kernel namespace"
            + (key.startsWith("net.") ? " when the container uses the host's network" : ""));
      }
    }
  }
}
