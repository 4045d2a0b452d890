package dev.berth.runtime.bundle;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.runtime.container.BasicConfig;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.ContainerId;
import dev.berth.runtime.container.MountSpec;
import dev.berth.runtime.container.ResourceConfig;
import dev.berth.runtime.container.StorageConfig;
import dev.berth.runtime.spec.Spec;
import dev.berth.runtime.specgen.ContainerOptions;
import dev.berth.runtime.specgen.HostFacts;
import dev.berth.runtime.specgen.NetworkMode;
import dev.berth.runtime.specgen.OptionsValidator;
import dev.berth.runtime.specgen.ProcessOptions;
import dev.berth.runtime.specgen.ResourceOptions;
import dev.berth.runtime.specgen.SeccompMode;
import dev.berth.runtime.specgen.SecurityOptions;
import dev.berth.runtime.specgen.SpecGenerator;
import dev.berth.runtime.specgen.StorageOptions;
import dev.berth.runtime.specgen.StorageOptions.BindMount;
import dev.berth.runtime.specgen.UserLookup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates a container's effective configuration (after {@link
 * dev.berth.runtime.container.ImageConfigMerger}) into spec generation's options and on into the runtime
 * spec, so the engine never maps field by field itself. The command, environment, working directory, user,
 * terminal and hostname go to the process; privileges, capabilities and {@code --security-opt} to security;
 * memory, NanoCPUs (as fractional CPUs), shares, pids and ulimits to resources; binds, tmpfs, a read-only
 * rootfs and the per-container /etc files ({@link EtcFiles}) to storage.
 *
 * <p>Everything that can be wrong with the request (options, user, mounts) is checked before any file is
 * written, and a failure is an {@link InvalidArgumentException} naming what is wrong. The stop signal has no
 * place in the spec's process; it is kept as the annotation {@link #STOP_SIGNAL_ANNOTATION}, where the OCI
 * image spec's conversion rules put an image's StopSignal, for whoever stops the container.
 */
public final class ContainerSpecs {
  /** The runtime-spec annotation the OCI image spec maps {@code StopSignal} to. */
  public static final String STOP_SIGNAL_ANNOTATION = "org.opencontainers.image.stopSignal";

  private final HostFacts host;
  private final SpecGenerator generator;
  private final EtcFiles etcFiles;

  public ContainerSpecs(HostFacts host, EtcFiles etcFiles) {
    this.host = host;
    this.generator = new SpecGenerator(host);
    this.etcFiles = etcFiles;
  }

  /**
   * The options for a container, without the /etc files: pure translation, nothing written.
   *
   * @param config the effective (merged) configuration
   * @param rootfs the mounted root filesystem (a snapshot's view)
   */
  public static ContainerOptions options(ContainerConfig config, ContainerId id, Path rootfs) {
    BasicConfig b = config.basic();
    ProcessOptions process = new ProcessOptions(
        b.entrypoint(), b.cmd(), b.env(), b.workingDir(), b.user(), List.of(), b.tty());
    SecurityOpts opts = SecurityOpts.parse(config.security().securityOpt());
    SeccompMode seccomp = opts.seccomp() instanceof SeccompMode.Default
        ? new SeccompMode.Default(I386Userland.present(rootfs), X32Userland.present(rootfs)) : opts.seccomp();
    SecurityOptions security = new SecurityOptions(config.security().privileged(), config.security().capAdd(),
        config.security().capDrop(), opts.noNewPrivileges(), config.storage().readOnly(), seccomp);
    return new ContainerOptions(id.hex(), b.hostname(), process, security, resources(config.resources()),
        storage(config.storage(), rootfs), network(config.networkMode()), config.security().sysctls());
  }

  /**
   * Checks the whole request, writes the /etc files into {@code containerDir}, and generates the spec whose
   * root is {@code rootfs}. Nothing is written when the request is invalid.
   */
  public Spec spec(ContainerConfig config, ContainerId id, Path rootfs, Path containerDir) {
    return spec(config, id, rootfs, containerDir, null);
  }

  /**
   * As {@link #spec(ContainerConfig, ContainerId, Path, Path)} with what networking set up: the namespace to join,
   * the /etc/hosts and resolv.conf content ({@code net} null: as the configuration's mode alone says).
   */
  public Spec spec(ContainerConfig config, ContainerId id, Path rootfs, Path containerDir, NetworkSetup net) {
    ContainerOptions options = options(config, id, rootfs);
    if (net != null) options = options.withNetwork(net.mode());
    OptionsValidator.validate(options, host);
    UserLookup.resolve(rootfs, options.process().user(), options.process().groupAdd());
    Set<String> userTargets = new HashSet<>(options.storage().tmpfs().keySet());
    options.storage().binds().forEach(bind -> userTargets.add(bind.destination()));
    List<BindMount> etc = etcFiles.write(containerDir, options.effectiveHostname(), config.basic().domainname(),
        config.storage().readOnly(), userTargets, net);
    List<BindMount> binds = new ArrayList<>(options.storage().binds());
    binds.addAll(etc);
    Spec spec = generator.generate(options.withStorage(options.storage().withBinds(binds)));
    return withStopSignal(spec, config.basic().effectiveStopSignal().name());
  }

  private static Spec withStopSignal(Spec spec, String signal) {
    Map<String, String> annotations = new HashMap<>(spec.annotations() == null ? Map.of() : spec.annotations());
    annotations.put(STOP_SIGNAL_ANNOTATION, signal);
    return new Spec(spec.ociVersion(), spec.process(), spec.root(), spec.hostname(), spec.mounts(), spec.hooks(),
        annotations, spec.linux());
  }

  /**
   * Docker's {@code NetworkMode}: {@code host} shares the host's namespace; everything else gets a namespace of
   * its own with only loopback until networking lands ({@code none}, and for now {@code default}/{@code bridge}).
   */
  static NetworkMode network(String mode) {
    return "host".equals(mode) ? new NetworkMode.Host() : new NetworkMode.Private();
  }

  /** Docker's zeros mean "unlimited", spec generation's nulls mean "not set": translate one to the other. */
  static ResourceOptions resources(ResourceConfig r) {
    return new ResourceOptions(
        positive(r.memory()),
        r.memorySwap() == 0 ? null : r.memorySwap(),
        r.nanoCpus() == 0 ? null : r.nanoCpus() / 1e9,
        positive(r.cpuShares()),
        positive(r.pidsLimit()),
        r.ulimits(),
        null);
  }

  private static Long positive(long value) {
    return value > 0 ? value : null;
  }

  /**
   * Binds and tmpfs from {@code Mounts} and {@code --tmpfs}. Volume mounts must have been turned into binds of
   * the volumes' directories by the engine, which owns the volume service.
   */
  static StorageOptions storage(StorageConfig s, Path rootfs) {
    Map<String, String> tmpfs = new LinkedHashMap<>(s.tmpfs());
    List<BindMount> binds = new ArrayList<>();
    for (MountSpec m : s.mounts()) {
      switch (m.type()) {
        case BIND -> binds.add(new BindMount(Path.of(m.source()), m.target(), m.readOnly()));
        case TMPFS -> tmpfs.put(m.target(), tmpfsOptions(m));
        case VOLUME -> throw new InvalidArgumentException(
            "create container: volume '" + m.source() + "' at " + m.target() + " was not resolved to its directory");
      }
    }
    return new StorageOptions(rootfs, tmpfs, binds);
  }

  private static String tmpfsOptions(MountSpec m) {
    List<String> options = new ArrayList<>(m.options());
    if (m.readOnly()) {
      options.add("ro");
    }
    return String.join(",", options);
  }
}
