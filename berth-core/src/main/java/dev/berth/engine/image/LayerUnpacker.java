package dev.berth.engine.image;

import dev.berth.oci.Digest;
import dev.berth.storage.Mount;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Applies one layer blob (plain, gzip or zstd tar) onto the mounts of an active snapshot. The engine wires
 * it to the layer package's applier; tests use a fake. Kept as a seam so that the service depends on what
 * it needs, not on how layers are applied.
 */
@FunctionalInterface
public interface LayerUnpacker {
  /** Applies the layer and returns the digest of its uncompressed tar (the diff ID) and its size. */
  Applied apply(InputStream layer, List<Mount> mounts) throws IOException;

  /**
   * Applies the layer blob stored in file {@code blob}. This default opens it as a stream; the engine's
   * applier overrides it with the layer package's file entry, which reads an uncompressed blob straight
   * into native memory (a quarter less CPU on the applying thread than through a stream).
   */
  default Applied apply(Path blob, List<Mount> mounts) throws IOException {
    try (InputStream in = Files.newInputStream(blob)) {
      return apply(in, mounts);
    }
  }

  /** What applying a layer measured: its diff ID and its uncompressed size in bytes. */
  record Applied(Digest diffId, long size) {}
}
