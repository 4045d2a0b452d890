package dev.berth.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Overlay mounts for a root filesystem whose writes may be lost in a crash (a {@code --rm} container's): with
 * overlayfs's {@code volatile} option the kernel skips the sync of the upper directory, above all the one at
 * unmount, which otherwise costs several milliseconds of every container exit. A volatile mount leaves
 * {@code <workdir>/work/incompat/volatile} behind, and the kernel refuses to mount that workdir again while it
 * exists; it is removed before each mount, since a scratch layer's content matters only until it is deleted.
 * Mounts of other types pass through unchanged.
 */
public final class VolatileOverlay {
  private VolatileOverlay() {}

  public static List<Mount> of(List<Mount> mounts) throws IOException {
    List<Mount> out = new ArrayList<>(mounts.size());
    for (Mount m : mounts) {
      out.add(m.type().equals("overlay") ? asVolatile(m) : m);
    }
    return out;
  }

  private static Mount asVolatile(Mount m) throws IOException {
    if (m.options().contains("volatile")) return m;
    for (String o : m.options()) {
      if (o.startsWith("workdir=")) {
        Path marker = Path.of(o.substring("workdir=".length()), "work", "incompat", "volatile");
        if (Files.isDirectory(marker)) dev.berth.sys.FileTrees.delete(marker);
      }
    }
    List<String> options = new ArrayList<>(m.options());
    options.add("volatile");
    return new Mount(m.type(), m.source(), options);
  }
}
