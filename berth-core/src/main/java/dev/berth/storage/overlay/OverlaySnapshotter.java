package dev.berth.storage.overlay;

import dev.berth.errors.SystemException;
import dev.berth.storage.DirectorySnapshotter;
import dev.berth.storage.Mount;
import dev.berth.storage.SnapshotInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Snapshots as overlayfs layers. Mount shapes, which the layer applier relies on:
 *
 * <ul>
 *   <li>no parent: one {@code bind} of the snapshot's own {@code fs} ("rbind", "rw", or "ro" for a view);
 *   <li>active with parents: one {@code overlay} with {@code upperdir=}, {@code workdir=}, then one
 *       {@code lowerdir+=} per parent, topmost first, then {@code index=off} when the kernel has the index feature;
 *   <li>view of one parent: a read-only bind of that parent's {@code fs};
 *   <li>view of several parents: an overlay with only {@code lowerdir+=} options, read-only by construction.
 * </ul>
 *
 * <p>{@code index=off}, as Docker and containerd pass it: with the inode index on, overlayfs ties an upper
 * directory to the lowers it was first mounted with and would refuse a layer shared by differently stacked
 * images on a kernel built with the index enabled by default.
 */
public final class OverlaySnapshotter extends DirectorySnapshotter {
  private static final Path INDEX_PARAMETER = Path.of("/sys/module/overlay/parameters/index");

  private final boolean indexOff;

  public OverlaySnapshotter(Path root) {
    super("overlay", requireOverlay(root));
    this.indexOff = Files.exists(INDEX_PARAMETER);
  }

  private static Path requireOverlay(Path root) {
    try {
      if (Files.readString(Path.of("/proc/filesystems")).lines().noneMatch(l -> l.endsWith("\toverlay"))) {
        throw new SystemException("open overlay storage at " + root + ": the kernel does not support overlayfs"
            + " (modprobe overlay, or use the vfs driver)");
      }
    } catch (IOException e) {
      throw new SystemException("open overlay storage at " + root + ": cannot read /proc/filesystems", e);
    }
    return root;
  }

  @Override
  protected void populate(Path dir, List<Path> parents) throws IOException {
    Files.createDirectory(dir.resolve("fs"));
    Files.setPosixFilePermissions(dir.resolve("fs"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectory(dir.resolve("work"));
    Files.setPosixFilePermissions(dir.resolve("work"), PosixFilePermissions.fromString("rwx------"));
  }

  @Override
  protected List<Mount> mountsOf(Path dir, SnapshotInfo.Kind kind, List<Path> parents) {
    boolean view = kind == SnapshotInfo.Kind.VIEW;
    if (parents.isEmpty()) return List.of(bind(dir, view));
    if (view && parents.size() == 1) return List.of(bind(parents.getFirst(), true));
    List<String> options = new ArrayList<>();
    if (!view) {
      options.add("upperdir=" + dir.resolve("fs"));
      options.add("workdir=" + dir.resolve("work"));
    }
    for (Path parent : parents) options.add("lowerdir+=" + parent.resolve("fs"));
    if (indexOff) options.add("index=off");
    return List.of(new Mount("overlay", "overlay", options));
  }

  private static Mount bind(Path dir, boolean readOnly) {
    return new Mount("bind", dir.resolve("fs").toString(), List.of("rbind", readOnly ? "ro" : "rw"));
  }
}
