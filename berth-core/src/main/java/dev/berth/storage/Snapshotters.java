package dev.berth.storage;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.storage.overlay.OverlaySnapshotter;
import dev.berth.storage.vfs.VfsSnapshotter;
import java.nio.file.Path;
import java.util.List;

/** Opens a storage driver by the name users configure ({@code --storage-driver}) and {@code berth info} shows. */
public final class Snapshotters {
  private Snapshotters() {}

  /** The valid driver names, the default first. */
  public static final List<String> NAMES = List.of("overlay", "vfs");

  /**
   * Opens driver {@code driver} with its state in {@code root} (the directory itself, not a parent of it). A root
   * remembers its driver: opening it with another fails rather than misreading its snapshots.
   */
  public static Snapshotter open(String driver, Path root) {
    return switch (driver == null ? "" : driver) {
      case "overlay" -> new OverlaySnapshotter(root);
      case "vfs" -> new VfsSnapshotter(root);
      default -> throw new InvalidArgumentException(
          "open storage driver \"" + driver + "\": no such driver; valid drivers are " + String.join(", ", NAMES));
    };
  }
}
