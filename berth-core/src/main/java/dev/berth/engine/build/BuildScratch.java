package dev.berth.engine.build;

import dev.berth.build.context.ContextArchive;
import dev.berth.build.context.DockerIgnore;
import dev.berth.build.context.SourceTree;
import dev.berth.errors.SystemException;
import dev.berth.oci.Digest;
import dev.berth.sys.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One build's temporary files under {@code <builder>/tmp/build-…}: heredoc sources, downloads, and the root
 * filesystems of stages and images that {@code COPY --from} reads (exported once per image through a created
 * container's archive endpoint). Everything goes when the build ends, whatever happened.
 */
final class BuildScratch implements AutoCloseable {
  private final Path dir;
  private final BuildContainers containers;
  private final Map<Digest, SourceTree> exported = new HashMap<>();
  private int counter;

  BuildScratch(Path parent, BuildContainers containers) {
    this.containers = containers;
    try {
      Files.createDirectories(parent);
      this.dir = Files.createTempDirectory(parent, "build-");
    } catch (IOException e) {
      throw new SystemException("creating the build's scratch directory under " + parent + ": " + e.getMessage(), e);
    }
  }

  /** A new empty directory for one step's files. */
  Path newDir(String prefix) {
    try {
      return Files.createDirectory(dir.resolve(prefix + "-" + (++counter)));
    } catch (IOException e) {
      throw new SystemException("creating a scratch directory in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The root filesystem of {@code image} as a source tree (no .dockerignore), exported at the first use. */
  SourceTree rootOf(Digest image) {
    SourceTree tree = exported.get(image);
    if (tree != null) return tree;
    Path root = newDir("rootfs");
    Path tar = dir.resolve("rootfs-" + counter + ".tar");
    String id = null;
    try {
      id = containers.create(image, List.of("/bin/sh"), List.of(), new BuildState(image, null));
      try (OutputStream out = Files.newOutputStream(tar)) {
        containers.service().getArchive(id, "/", out);
      }
      try (InputStream in = Files.newInputStream(tar)) {
        ContextArchive.extract(in, root);
      }
      Files.deleteIfExists(tar);
    } catch (IOException e) {
      throw new SystemException("COPY --from: exporting the files of image " + image.shortId() + ": " + e.getMessage(), e);
    } finally {
      containers.removeQuietly(id, null);
    }
    tree = new SourceTree(root, DockerIgnore.NONE);
    exported.put(image, tree);
    return tree;
  }

  @Override
  public void close() {
    try {
      FileTrees.delete(dir);
    } catch (IOException | RuntimeException e) {
      // left for the next engine start, which empties the builder's tmp
    }
  }
}
