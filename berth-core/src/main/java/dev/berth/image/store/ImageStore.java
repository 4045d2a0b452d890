package dev.berth.image.store;

import dev.berth.oci.Digest;
import dev.berth.oci.ImageReference;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Image metadata: images by ID (the config digest), and tags (a normalised reference to an ID). Every
 * change is persisted atomically (write, fsync, rename) before it returns. Blobs and snapshots an image
 * points at must be committed before the image is put, so a crash never leaves a reference to a missing
 * blob.
 */
public interface ImageStore {
  List<StoredImage> images();

  Optional<StoredImage> image(Digest id);

  void put(StoredImage image);

  /** Removes the image and every tag that points at it. */
  void remove(Digest id);

  Map<ImageReference, Digest> tags();

  /** Points the reference at the image and returns the image it pointed at before, if any. */
  Optional<Digest> tag(ImageReference reference, Digest id);

  boolean untag(ImageReference reference);
}
