package dev.berth.storage.vfs;

import dev.berth.storage.DirectorySnapshotter;
import dev.berth.storage.Mount;
import dev.berth.storage.SnapshotInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Snapshots as full copies: prepare and view copy the parent's whole tree (owners, modes, times, xattrs, devices
 * and hard links kept) into the snapshot's own {@code fs}, and always return one bind of it ("rw", or "ro" for a
 * view). Deletions in a layer are real deletions in the copy; vfs has no whiteouts.
 */
public final class VfsSnapshotter extends DirectorySnapshotter {
  public VfsSnapshotter(Path root) {
    super("vfs", root);
  }

  @Override
  protected void populate(Path dir, List<Path> parents) throws IOException {
    Path fs = dir.resolve("fs");
    if (parents.isEmpty()) {
      Files.createDirectory(fs);
      Files.setPosixFilePermissions(fs, PosixFilePermissions.fromString("rwxr-xr-x"));
    } else {
      TreeCopier.copy(parents.getFirst().resolve("fs"), fs);
    }
  }

  @Override
  protected List<Mount> mountsOf(Path dir, SnapshotInfo.Kind kind, List<Path> parents) {
    String mode = kind == SnapshotInfo.Kind.VIEW ? "ro" : "rw";
    return List.of(new Mount("bind", dir.resolve("fs").toString(), List.of("rbind", mode)));
  }
}
