package dev.berth.engine;

import dev.berth.oci.Digest;
import java.io.InputStream;
import java.util.List;

/**
 * The receiving end of an image sent blob by blob from another Berth host ({@code berth push ssh://host}):
 * the sender asks which blobs are missing, sends only those (resuming a cut one from its offset), and
 * commits last, which registers the image and moves its tags. Until the commit, nothing is visible but
 * verified blobs, so the host never holds a tag whose content is missing. Blobs named or sent are leased until
 * the commit, so a prune in between does not sweep them. See docs/design-changesets.md.
 */
public interface ImageReceiver {
  /** A blob the sender means to send. */
  record BlobRef(Digest digest, long size) {
    public BlobRef {
      java.util.Objects.requireNonNull(digest, "digest");
      if (size < 0) throw new IllegalArgumentException("blob " + digest + ": negative size " + size);
    }
  }

  /** A blob the host lacks, and how many of its bytes an earlier, cut upload left here. */
  record Missing(Digest digest, long offset) {}

  /**
   * The outcome of a commit.
   *
   * @param imageId the image's ID (its config digest), the same as on the sending host
   * @param upToDate true when the image and every tag were already in place: nothing changed
   * @param moved the tags that now point at the image and did not before
   */
  record Committed(Digest imageId, boolean upToDate, List<String> moved) {
    public Committed {
      moved = List.copyOf(moved);
    }
  }

  /**
   * Which of {@code blobs} this host lacks, in the order given. Every blob named is leased (those present
   * too), so that no garbage collection removes it before the image's commit.
   */
  List<Missing> missing(List<BlobRef> blobs);

  /** The bytes already held of a cut upload of {@code digest}: where the sender resumes. */
  long offset(Digest digest);

  /** What one blob upload did. */
  sealed interface Upload {
    /** The blob is committed: by this upload, or before it ({@code before}: its body was not needed). */
    record Committed(boolean before) implements Upload {}

    /** The bytes were kept; {@code offset} bytes of the blob are held now. */
    record Partial(long offset) implements Upload {}

    /** The host holds {@code held} bytes of the blob, not the offset the sender gave: resend from {@code held}. */
    record WrongOffset(long held) implements Upload {}
  }

  /**
   * Appends {@code body} to the upload of {@code digest} from {@code offset}; at {@code size} bytes the blob is
   * verified and committed. A second sender of a blob being uploaded waits for the first, then learns the blob
   * is there (or where a first that died stopped). The blob is leased: garbage collection leaves it until the
   * image's commit, or until the lease expires.
   */
  Upload upload(Digest digest, long offset, long size, InputStream body);

  /**
   * {@link #upload}: true once the blob is committed (now or before); a wrong offset is a ConflictException.
   */
  default boolean put(Digest digest, long offset, long size, InputStream body) {
    return switch (upload(digest, offset, size, body)) {
      case Upload.Committed c -> true;
      case Upload.Partial p -> false;
      case Upload.WrongOffset w -> throw new dev.berth.errors.ConflictException(
          "uploading blob " + digest + ": the upload holds " + w.held() + " bytes, not " + offset);
    };
  }

  /** What {@link #expire} removed: abandoned uploads (their digests) and lapsed leases (how many). */
  record Expired(List<Digest> uploads, int leases) {
    public Expired {
      uploads = List.copyOf(uploads);
    }
  }

  /**
   * Removes the partial uploads and leases nobody touched since {@code cutoff}: what a sender that never came
   * back left. An upload being written is left alone.
   */
  Expired expire(java.time.Instant cutoff);

  /**
   * Registers the image whose manifest blob is {@code manifest} (uploaded, as are its config and layers) and
   * points {@code tags} at it, last. Refuses with a ConflictException naming the first blob that is missing.
   *
   * @param mediaType the manifest's media type, as the sender's store records it
   */
  Committed commit(Digest manifest, String mediaType, List<String> tags);
}
