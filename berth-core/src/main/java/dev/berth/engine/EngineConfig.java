package dev.berth.engine;

import java.nio.file.Path;

/**
 * Where an engine keeps its state.
 *
 * @param dataRoot persistent state: content, images, snapshots ({@code /var/lib/berth})
 * @param execRoot runtime state, gone at reboot ({@code /run/berth})
 * @param storageDriver "overlay" (the default) or "vfs"
 */
public record EngineConfig(Path dataRoot, Path execRoot, String storageDriver) {
  public static final Path DEFAULT_DATA_ROOT = Path.of("/var/lib/berth");
  public static final Path DEFAULT_EXEC_ROOT = Path.of("/run/berth");
  public static final String DEFAULT_STORAGE_DRIVER = "overlay";
}
