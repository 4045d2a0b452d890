package dev.berth.engine;

import dev.berth.network.NetworkDefaults;
import dev.berth.registry.RegistryOptions;
import java.nio.file.Path;

/**
 * Where an engine keeps its state, and what its networks use.
 *
 * @param dataRoot persistent state: content, images, snapshots ({@code /var/lib/berth})
 * @param execRoot runtime state, gone at reboot ({@code /run/berth})
 * @param storageDriver "overlay" (the default) or "vfs"
 * @param network the default bridge, subnet pool, chain prefix, …; null for {@link NetworkDefaults#of} under the exec
 *     root (two engines on one host must give different ones)
 * @param registry how pulls reach registries (insecure registries, extra CAs, a certs.d directory); null for none
 */
public record EngineConfig(Path dataRoot, Path execRoot, String storageDriver, NetworkDefaults network, RegistryOptions registry) {
  public static final Path DEFAULT_DATA_ROOT = Path.of("/var/lib/berth");
  public static final Path DEFAULT_EXEC_ROOT = Path.of("/run/berth");
  public static final String DEFAULT_STORAGE_DRIVER = "overlay";

  /** With default registry options. */
  public EngineConfig(Path dataRoot, Path execRoot, String storageDriver, NetworkDefaults network) {
    this(dataRoot, execRoot, storageDriver, network, null);
  }

  /** With Berth's network defaults. */
  public EngineConfig(Path dataRoot, Path execRoot, String storageDriver) {
    this(dataRoot, execRoot, storageDriver, null);
  }

  public EngineConfig withNetwork(NetworkDefaults value) {
    return new EngineConfig(dataRoot, execRoot, storageDriver, value, registry);
  }

  public EngineConfig withRegistry(RegistryOptions value) {
    return new EngineConfig(dataRoot, execRoot, storageDriver, network, value);
  }
}
