package dev.berth.image.archive;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An image read from an archive whose blobs are not yet in the content store: every blob it needs, with
 * where its bytes come from. Readers build these for every image first, so a broken archive fails before
 * anything is written.
 */
record PendingImage(Descriptor manifest, Digest configDigest, List<ImageReference> tags, List<BlobSource> blobs) {
  PendingImage {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(configDigest, "config digest");
    tags = List.copyOf(tags);
    blobs = List.copyOf(blobs);
  }

  PendingImage withTags(List<ImageReference> newTags) {
    return new PendingImage(manifest, configDigest, newTags, blobs);
  }

  /**
   * One blob to commit: {@code name} is how error messages call it (the archive path and its role), and
   * its bytes are either a file in the scratch directory or, for a manifest Berth synthesised, in memory.
   */
  record BlobSource(String name, Digest digest, long size, Path file, byte[] bytes) {
    BlobSource {
      Objects.requireNonNull(name, "blob name");
      Objects.requireNonNull(digest, "blob digest");
      if ((file == null) == (bytes == null)) throw new IllegalArgumentException("a blob comes from a file or from bytes");
    }

    static BlobSource file(String name, Descriptor descriptor, Path file) {
      return new BlobSource(name, descriptor.digest(), descriptor.size(), file, null);
    }

    static BlobSource bytes(String name, Digest digest, byte[] bytes) {
      return new BlobSource(name, digest, bytes.length, null, bytes.clone());
    }
  }
}
