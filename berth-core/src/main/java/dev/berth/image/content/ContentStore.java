package dev.berth.image.content;

import dev.berth.oci.Digest;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Content-addressed blobs, after containerd's content store. A write goes to an ingest area, is fsynced,
 * checked against its expected digest and only then renamed into place: content is invisible until committed.
 * Two writers of the same blob are safe; the second finds it committed.
 */
public interface ContentStore {
  boolean exists(Digest digest);

  Optional<BlobInfo> info(Digest digest);

  /** Opens a committed blob; NotFoundException names the digest when it is missing. */
  InputStream open(Digest digest);

  byte[] read(Digest digest);

  /** The committed blob's file, for readers that want a path (for example save). */
  Path path(Digest digest);

  /**
   * Writes a blob. With {@code expected} non-null the content must hash to it, else InvalidArgumentException
   * names both digests and nothing is committed. {@code expectedSize} is -1 when unknown.
   */
  BlobInfo write(InputStream content, Digest expected, long expectedSize);

  BlobInfo write(byte[] content);

  void delete(Digest digest);

  void walk(Consumer<BlobInfo> visitor);

  /** Resumable uploads into this store; a store without them refuses. */
  default BlobUploads uploads() {
    throw new dev.berth.errors.SystemException("this content store takes no resumable uploads");
  }

  /**
   * The blobs garbage collection must keep although no image references them yet: those under an upload
   * lease ({@link BlobUploads#lease}). A store without uploads has none.
   */
  default java.util.Set<Digest> leased() {
    return java.util.Set.of();
  }

  /** A committed blob: digest, size in bytes, and when it was committed. */
  record BlobInfo(Digest digest, long size, java.time.Instant committedAt) {}
}
