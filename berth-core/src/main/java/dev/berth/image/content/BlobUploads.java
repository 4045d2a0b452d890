package dev.berth.image.content;

import dev.berth.image.content.ContentStore.BlobInfo;
import dev.berth.oci.Digest;
import java.io.InputStream;

/**
 * Blob uploads that survive a dropped connection: the bytes received so far of a blob are kept under the
 * store, by digest, until the rest arrives and the whole is verified and committed. A sender that lost its
 * connection asks {@link #offset} and sends only the tail. As with {@link ContentStore#write}, nothing is
 * visible as a blob until its size and digest have been checked.
 */
public interface BlobUploads {
  /** The bytes already held of {@code digest}'s upload: 0 when none was started. */
  long offset(Digest digest);

  /**
   * Appends {@code body} to the upload of {@code digest}, which must hold exactly {@code offset} bytes (else a
   * ConflictException names both lengths and nothing is written). When the upload reaches {@code size}
   * bytes it is verified and committed, and the committed blob is returned; before that, null.
   *
   * <p>A blob that is committed already is returned at once and the body is not read: sending it twice
   * is harmless.
   *
   * @throws dev.berth.errors.InvalidArgumentException when the bytes exceed {@code size} or do not hash to
   *     {@code digest}; the upload is discarded, so the next try starts from 0
   */
  BlobInfo append(Digest digest, long offset, long size, InputStream body);

  /** Drops an upload and its bytes; dropping a missing one is not an error. */
  void discard(Digest digest);
}
