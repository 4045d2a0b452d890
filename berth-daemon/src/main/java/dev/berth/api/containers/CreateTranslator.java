package dev.berth.api.containers;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.runtime.container.BasicConfig;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.Healthcheck;
import dev.berth.runtime.container.LogConfig;
import dev.berth.runtime.container.ResourceConfig;
import dev.berth.runtime.container.RestartPolicy;
import dev.berth.runtime.container.SecurityConfig;
import dev.berth.runtime.container.StorageConfig;
import dev.berth.runtime.specgen.Ulimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns Docker's create body into the engine's {@link ContainerConfig}: the {@code Config} members into
 * {@link BasicConfig}, {@code Binds}, {@code Mounts}, {@code Tmpfs}, {@code Volumes} and {@code VolumesFrom}
 * into {@link StorageConfig} (through {@link MountParser}), privileges, limits, restart policy and log driver
 * into their records, the networking fields into {@link dev.berth.runtime.container.NetworkConfig} (through
 * {@link NetworkTranslator}). Values are validated by those records, so a bad one is a 400 naming what is wrong.
 */
public final class CreateTranslator {
  private CreateTranslator() {}

  public static ContainerConfig toConfig(ContainerCreateRequest request) {
    DockerConfig c = request.config();
    if (c == null || c.Image() == null || c.Image().isBlank()) {
      throw new InvalidArgumentException("create container: the Image field is required");
    }
    DockerHostConfig h = request.hostConfig() == null ? emptyHostConfig() : request.hostConfig();
    return new ContainerConfig(basic(c), storage(c, h), security(h), resources(h), restartPolicy(h), log(h),
        h.AutoRemove(), h.Init() != null && h.Init(), NetworkTranslator.toConfig(h, request.networkingConfig()));
  }

  static BasicConfig basic(DockerConfig c) {
    return new BasicConfig(c.Image(), c.Cmd(), c.Entrypoint(), c.Env(), c.WorkingDir(), c.User(), c.Labels(),
        c.Hostname(), c.Domainname(), c.Tty(), c.OpenStdin(), c.StopSignal(), c.StopTimeout(), healthcheck(c.Healthcheck()),
        c.ExposedPorts() == null ? null : List.copyOf(c.ExposedPorts().keySet()));
  }

  private static Healthcheck healthcheck(DockerConfig.DockerHealthConfig h) {
    if (h == null) return null;
    return new Healthcheck(h.Test(), h.Interval(), h.Timeout(), h.StartPeriod(), h.StartInterval(), h.Retries());
  }

  static StorageConfig storage(DockerConfig c, DockerHostConfig h) {
    var mounts = new ArrayList<dev.berth.runtime.container.MountSpec>();
    if (h.Binds() != null) for (String bind : h.Binds()) mounts.add(MountParser.bind(bind));
    if (h.Mounts() != null) for (DockerMount m : h.Mounts()) mounts.add(MountParser.mount(m));
    List<String> volumes = c.Volumes() == null ? null : List.copyOf(c.Volumes().keySet());
    return new StorageConfig(mounts, volumes, h.Tmpfs(), h.ReadonlyRootfs(), h.VolumesFrom());
  }

  static SecurityConfig security(DockerHostConfig h) {
    return new SecurityConfig(h.Privileged(), h.CapAdd(), h.CapDrop(), h.SecurityOpt(), h.Sysctls());
  }

  static ResourceConfig resources(DockerHostConfig h) {
    List<Ulimit> ulimits = new ArrayList<>();
    if (h.Ulimits() != null) for (DockerHostConfig.Ulimit u : h.Ulimits()) ulimits.add(new Ulimit(u.Name(), u.Soft(), u.Hard()));
    long pids = h.PidsLimit() == null ? 0 : h.PidsLimit();
    return new ResourceConfig(h.Memory(), h.MemorySwap(), h.NanoCpus(), h.CpuShares(), pids, ulimits);
  }

  static RestartPolicy restartPolicy(DockerHostConfig h) {
    DockerHostConfig.RestartPolicy r = h.RestartPolicy();
    return r == null ? RestartPolicy.NO : RestartPolicy.of(r.Name(), r.MaximumRetryCount());
  }

  static LogConfig log(DockerHostConfig h) {
    DockerHostConfig.LogConfig l = h.LogConfig();
    return l == null ? LogConfig.DEFAULT : new LogConfig(l.Type(), l.Config() == null ? Map.of() : l.Config());
  }

  private static DockerHostConfig emptyHostConfig() {
    return new DockerHostConfig(null, null, null, null, null, null, false, null, null, null, null, null, null, null, null,
        false, false, false, null, null, null, null, 0, null, 0, 0, 0, null, 0, 0, null, null, null, null, null,
        null, null, null, null, null, null);
  }
}
