package dev.berth.daemon;

import dev.berth.engine.EngineConfig;
import dev.berth.errors.InvalidArgumentException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a berthd runs. Built by {@link ConfigResolver} from flags, the config file and these defaults, or
 * directly by tests ({@link #forTest}).
 *
 * @param hosts where to listen: {@code unix:///run/berth/berth.sock}, one or more
 * @param dataRoot persistent state (images, layers)
 * @param execRoot runtime state: the pidfile, later container state
 * @param storageDriver "overlay" or "vfs"
 * @param group the group that may use the socket (mode 0660); if it does not exist, root's group
 * @param debug log every request
 * @param network the networks' defaults (bridge, subnet, pool, chain prefix); null: no container networking (containers
 *     get only loopback), as test daemons run unless given their own
 * @param registry how pulls and logins reach registries: {@code insecure-registries}, a certs.d-style directory of
 *     CAs ({@code <dir>/<host:port>/*.crt}, dockerd's {@code /etc/docker/certs.d}); null: loopback may be plain HTTP,
 *     no extra CAs
 * @param dom0Image the dom0 image converged to at start ({@code dom0-image}); null: {@code dom0:latest}, and its absence
 *     is no failure
 * @param uploadExpiry how long a partial blob upload or an upload lease nobody touches is kept ({@code upload-expiry});
 *     null: 24 hours
 */
public record DaemonConfig(List<String> hosts, Path dataRoot, Path execRoot, String storageDriver, String group, boolean debug,
    dev.berth.network.NetworkDefaults network, dev.berth.registry.RegistryOptions registry, String dom0Image,
    java.time.Duration uploadExpiry) {
  public static final String DEFAULT_HOST = "unix:///run/berth/berth.sock";
  public static final Path DEFAULT_CONFIG_FILE = Path.of("/etc/berth/daemon.json");
  public static final String DEFAULT_GROUP = "berth";
  public static final Set<String> STORAGE_DRIVERS = Set.of("overlay", "vfs");

  public DaemonConfig {
    hosts = List.copyOf(hosts);
    if (hosts.isEmpty()) throw new InvalidArgumentException("berthd needs at least one host to listen on");
    for (String h : hosts) socketOf(h);
    Objects.requireNonNull(dataRoot, "dataRoot");
    Objects.requireNonNull(execRoot, "execRoot");
    if (!STORAGE_DRIVERS.contains(storageDriver)) {
      throw new InvalidArgumentException("unknown storage driver \"" + storageDriver + "\": use overlay or vfs");
    }
    if (group == null || group.isEmpty()) group = DEFAULT_GROUP;
    if (dom0Image != null && dom0Image.isBlank()) dom0Image = null;
    if (uploadExpiry == null) uploadExpiry = UploadSweeper.DEFAULT_EXPIRY;
    if (uploadExpiry.isNegative() || uploadExpiry.isZero()) throw new InvalidArgumentException("upload-expiry must be positive, not " + uploadExpiry);
  }

  /** With the default upload expiry. */
  public DaemonConfig(List<String> hosts, Path dataRoot, Path execRoot, String storageDriver, String group, boolean debug,
      dev.berth.network.NetworkDefaults network, dev.berth.registry.RegistryOptions registry, String dom0Image) {
    this(hosts, dataRoot, execRoot, storageDriver, group, debug, network, registry, dom0Image, null);
  }

  /** With the default dom0 image. */
  public DaemonConfig(List<String> hosts, Path dataRoot, Path execRoot, String storageDriver, String group, boolean debug,
      dev.berth.network.NetworkDefaults network, dev.berth.registry.RegistryOptions registry) {
    this(hosts, dataRoot, execRoot, storageDriver, group, debug, network, registry, null);
  }

  /** With default registry options. */
  public DaemonConfig(List<String> hosts, Path dataRoot, Path execRoot, String storageDriver, String group, boolean debug,
      dev.berth.network.NetworkDefaults network) {
    this(hosts, dataRoot, execRoot, storageDriver, group, debug, network, null);
  }

  /** Without container networking. */
  public DaemonConfig(List<String> hosts, Path dataRoot, Path execRoot, String storageDriver, String group, boolean debug) {
    this(hosts, dataRoot, execRoot, storageDriver, group, debug, null);
  }

  public DaemonConfig withNetwork(dev.berth.network.NetworkDefaults value) {
    return new DaemonConfig(hosts, dataRoot, execRoot, storageDriver, group, debug, value, registry, dom0Image, uploadExpiry);
  }

  public DaemonConfig withRegistry(dev.berth.registry.RegistryOptions value) {
    return new DaemonConfig(hosts, dataRoot, execRoot, storageDriver, group, debug, network, value, dom0Image, uploadExpiry);
  }

  public static DaemonConfig defaults() {
    return new DaemonConfig(List.of(DEFAULT_HOST), EngineConfig.DEFAULT_DATA_ROOT, EngineConfig.DEFAULT_EXEC_ROOT, EngineConfig.DEFAULT_STORAGE_DRIVER, DEFAULT_GROUP, false);
  }

  /**
   * A daemon under {@code root}: socket {@code root/run/berth.sock}, data in {@code root/data}, vfs storage, and
   * registries only on loopback (a test names missing images: no pull may leave the machine).
   */
  public static DaemonConfig forTest(Path root) {
    return new DaemonConfig(List.of("unix://" + root.resolve("run/berth.sock").toAbsolutePath()), root.resolve("data"), root.resolve("run"), "vfs", DEFAULT_GROUP, false)
        .withRegistry(dev.berth.registry.RegistryOptions.defaults().withLoopbackOnly(true));
  }

  public DaemonConfig withStorageDriver(String driver) {
    return new DaemonConfig(hosts, dataRoot, execRoot, driver, group, debug, network, registry, dom0Image, uploadExpiry);
  }

  public DaemonConfig withDom0Image(String value) {
    return new DaemonConfig(hosts, dataRoot, execRoot, storageDriver, group, debug, network, registry, value, uploadExpiry);
  }

  public DaemonConfig withUploadExpiry(java.time.Duration value) {
    return new DaemonConfig(hosts, dataRoot, execRoot, storageDriver, group, debug, network, registry, dom0Image, value);
  }

  /** The socket paths of {@link #hosts}. */
  public List<Path> sockets() {
    return hosts.stream().map(DaemonConfig::socketOf).toList();
  }

  public Path pidFile() {
    return execRoot.resolve("berthd.pid");
  }

  public EngineConfig engineConfig() {
    return new EngineConfig(dataRoot, execRoot, storageDriver, network, registry);
  }

  static Path socketOf(String host) {
    if (host == null || !host.startsWith("unix://")) {
      throw new InvalidArgumentException("invalid host \"" + host + "\": berthd listens only on unix sockets (unix:///path/to/sock)");
    }
    String path = host.substring("unix://".length());
    if (!path.startsWith("/")) throw new InvalidArgumentException("invalid host \"" + host + "\": the socket path must be absolute");
    return Path.of(path);
  }
}
