package dev.berth.image.content;

import dev.berth.errors.ConflictException;
import dev.berth.image.content.ContentStore.BlobInfo;
import dev.berth.oci.Digest;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Blob uploads that survive a dropped connection: the bytes received so far of a blob are kept under the
 * store, by digest, until the rest arrives and the whole is verified and committed. A sender that lost its
 * connection asks {@link #offset} and sends only the tail. As with {@link ContentStore#write}, nothing is
 * visible as a blob until its size and digest have been checked.
 *
 * <p>Two senders of one blob meet at a per-blob lock: the second waits while the first makes progress, then
 * finds the blob committed (or, when the first died part-way, learns the offset to resume from).
 *
 * <p>Blobs received for an image whose commit has not come yet are referenced by no image, so garbage
 * collection would sweep them. A <em>lease</em> keeps a blob (committed or not yet sent) off the collector
 * until it is released, when its image is registered, or until it expires. Uploads and leases that nobody
 * touched for a while are removed by {@link #expire}: a sender that never came back leaves nothing forever.
 */
public interface BlobUploads {
  /** The bytes already held of {@code digest}'s upload: 0 when none was started. */
  long offset(Digest digest);

  /** What one {@link #upload} did. */
  sealed interface Outcome {
    /** The blob is committed: by this upload, or already before it ({@code before}; the body was not read). */
    record Committed(BlobInfo blob, boolean before) implements Outcome {}

    /** The bytes were kept; the upload now holds {@code offset} bytes of the blob. */
    record Partial(long offset) implements Outcome {}

    /** The upload holds {@code held} bytes, not the offset the sender gave: nothing was written. */
    record WrongOffset(long held) implements Outcome {}
  }

  /**
   * Appends {@code body} to the upload of {@code digest}, which must hold exactly {@code offset} bytes. When the
   * upload reaches {@code size} bytes it is verified and committed. While another upload of the same blob is
   * being written, this one waits for it, for as long as it makes progress.
   *
   * @throws dev.berth.errors.InvalidArgumentException when the bytes exceed {@code size} or do not hash to
   *     {@code digest}; the upload is discarded, so the next try starts from 0
   * @throws ConflictException when the other upload of the blob made no progress for a long while
   */
  Outcome upload(Digest digest, long offset, long size, InputStream body);

  /**
   * {@link #upload}, answering the committed blob, or null while it is incomplete; a wrong offset is a
   * ConflictException naming both lengths.
   */
  default BlobInfo append(Digest digest, long offset, long size, InputStream body) {
    return switch (upload(digest, offset, size, body)) {
      case Outcome.Committed c -> c.blob();
      case Outcome.Partial p -> null;
      case Outcome.WrongOffset w ->
          throw new ConflictException("uploading blob " + digest + ": the upload holds " + w.held() + " bytes, not " + offset);
    };
  }

  /** Drops an upload and its bytes; dropping a missing one is not an error. */
  void discard(Digest digest);

  /** Takes (or renews) a lease on each of {@code digests}: garbage collection keeps them until released or expired. */
  void lease(Collection<Digest> digests);

  /** Ends the leases on {@code digests}, for example once an image that references them is registered. */
  void release(Collection<Digest> digests);

  /** The digests under a lease now. */
  Set<Digest> leased();

  /** What {@link #expire} removed. */
  record Expired(List<Digest> uploads, int leases) {
    public Expired {
      uploads = List.copyOf(uploads);
    }
  }

  /**
   * Removes the uploads and leases last touched before {@code cutoff}; an upload being written is left alone.
   */
  Expired expire(Instant cutoff);
}
