package dev.berth.api.containers;

import dev.berth.runtime.container.BasicConfig;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.Healthcheck;
import dev.berth.runtime.container.MountSpec;
import dev.berth.runtime.container.ResourceConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The way back: a stored {@link ContainerConfig} as inspect's {@code Config} and {@code HostConfig}. Binds the
 * user gave as strings come back as {@code Mounts} entries, which is what they are once parsed.
 */
final class ConfigViews {
  private ConfigViews() {}

  /**
   * @param id the container's ID: without a {@code --hostname}, a container in a namespace of its own is named by
   *     its first 12 characters, and Docker's inspect shows that name (clients read it as the container's hostname)
   */
  static DockerConfig config(ContainerConfig config, String imageRef, String id) {
    BasicConfig b = config.basic();
    return new DockerConfig(hostname(b, config.network().mode(), id), b.domainname(), b.user(), b.openStdin(), true, true,
        b.exposedPorts().isEmpty() ? null : emptyValues(b.exposedPorts()), b.tty(), b.openStdin(), b.openStdin(),
        b.env(), b.cmd(), health(b.healthcheck()), imageRef,
        config.storage().volumes().isEmpty() ? null : emptyValues(config.storage().volumes()), b.workingDir(),
        b.entrypoint() == null || b.entrypoint().isEmpty() ? null : b.entrypoint(), null, b.labels(), b.stopSignal(),
        b.stopTimeout(), null);
  }

  private static String hostname(BasicConfig b, String networkMode, String id) {
    if (!b.hostname().isEmpty()) return b.hostname();
    boolean shared = networkMode != null && (networkMode.equals("host") || networkMode.startsWith("container:"));
    return shared ? "" : id.substring(0, Math.min(12, id.length()));
  }

  private static Map<String, Map<String, Object>> emptyValues(List<String> keys) {
    Map<String, Map<String, Object>> m = new LinkedHashMap<>();
    for (String k : keys) m.put(k, Map.of());
    return m;
  }

  private static DockerConfig.DockerHealthConfig health(Healthcheck h) {
    if (h == null) return null;
    return new DockerConfig.DockerHealthConfig(h.test(), h.interval(), h.timeout(), h.startPeriod(), h.startInterval(), h.retries());
  }

  static DockerHostConfig hostConfig(ContainerConfig c) {
    ResourceConfig r = c.resources();
    List<DockerMount> mounts = new ArrayList<>();
    for (MountSpec m : c.storage().mounts()) mounts.add(mount(m));
    List<DockerHostConfig.Ulimit> ulimits = r.ulimits().stream()
        .map(u -> new DockerHostConfig.Ulimit(u.name(), u.soft(), u.hard())).toList();
    return new DockerHostConfig(List.of(), "", new DockerHostConfig.LogConfig(c.log().type(), c.log().config()),
        c.network().mode(), NetworkTranslator.portBindings(c.network().ports()), new DockerHostConfig.RestartPolicy(c.restartPolicy().name(), c.restartPolicy().maximumRetryCount()),
        c.autoRemove(), "", c.storage().volumesFrom(), List.of(0, 0), c.security().capAdd(), c.security().capDrop(),
        "private", "private", "", c.security().privileged(), c.network().publishAll(), c.storage().readOnly(), c.security().securityOpt(),
        c.storage().tmpfs().isEmpty() ? null : c.storage().tmpfs(), "", "", 67108864L, "", r.cpuShares(), r.memory(),
        r.nanoCpus(), "", 0, r.memorySwap(), null, r.pidsLimit() == 0 ? null : r.pidsLimit(), ulimits,
        mounts.isEmpty() ? null : mounts, c.init() ? Boolean.TRUE : null, c.network().links(), c.network().dns(),
        c.network().dnsSearch(), c.network().dnsOptions(), c.network().extraHosts(),
        c.security().sysctls().isEmpty() ? null : c.security().sysctls());
  }

  private static DockerMount mount(MountSpec m) {
    return switch (m.type()) {
      case BIND -> new DockerMount("bind", m.source(), m.target(), m.readOnly(), null, bindOptions(m.options()), null, null);
      case VOLUME -> new DockerMount("volume", m.source(), m.target(), m.readOnly(), null, null,
          m.options().contains("nocopy") ? new DockerMount.VolumeOptions(true, null, null, null) : null, null);
      case TMPFS -> new DockerMount("tmpfs", "", m.target(), m.readOnly(), null, null, null, tmpfsOptions(m.options()));
    };
  }

  private static final java.util.Set<String> PROPAGATIONS = java.util.Set.of("private", "rprivate", "shared", "rshared", "slave", "rslave");

  /** Only a propagation mode goes in {@code BindOptions} (clients parse it as an enum); "bind" means non-recursive. */
  private static DockerMount.BindOptions bindOptions(List<String> options) {
    String propagation = options.stream().filter(PROPAGATIONS::contains).findFirst().orElse(null);
    boolean nonRecursive = options.contains("bind");
    return propagation == null && !nonRecursive ? null : new DockerMount.BindOptions(propagation, nonRecursive, false);
  }

  private static DockerMount.TmpfsOptions tmpfsOptions(List<String> options) {
    long size = 0;
    long mode = 0;
    for (String o : options) {
      try {
        if (o.startsWith("size=")) size = Long.parseLong(o.substring(5));
        if (o.startsWith("mode=")) mode = Long.parseLong(o.substring(5), 8);
      } catch (NumberFormatException e) {
        // a size with a unit ("64m") is not a byte count: inspect leaves it out rather than guess
      }
    }
    return size == 0 && mode == 0 ? null : new DockerMount.TmpfsOptions(size, mode);
  }
}
