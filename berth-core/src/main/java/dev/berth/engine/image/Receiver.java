package dev.berth.engine.image;

import dev.berth.engine.events.EventBus;
import dev.berth.engine.ImageReceiver;
import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.image.content.BlobUploads;
import dev.berth.image.content.ContentStore;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.StoredImage;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageReference;
import dev.berth.oci.Json;
import dev.berth.oci.Manifest;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Lock;

/**
 * {@link ImageReceiver} over the local stores. Blobs go through the content store's resumable uploads; the
 * commit then does what a load does (unpack the layers into snapshots, register the image) and moves the tags
 * last, under the image service's shared lock so that garbage collection cannot sweep the blobs in between.
 *
 * <p>Between a sender's first question and its commit, which may be minutes apart, the blobs it named or sent
 * are under the content store's upload leases, which garbage collection respects; the commit releases them. The
 * leases are taken under the shared lock, so that a collection (under the exclusive one) sees either the lease
 * or a blob still missing, never a blob it may sweep after this side answered "present".
 */
final class Receiver implements ImageReceiver {
  private final ImageStore store;
  private final ContentStore content;
  private final SnapshotUnpacker unpacker;
  private final ImageViews views;
  private final EventBus events;
  private final Lock shared;

  Receiver(ImageStore store, ContentStore content, SnapshotUnpacker unpacker, ImageViews views, EventBus events, Lock shared) {
    this.store = store;
    this.content = content;
    this.unpacker = unpacker;
    this.views = views;
    this.events = events;
    this.shared = shared;
  }

  @Override
  public List<Missing> missing(List<BlobRef> blobs) {
    shared.lock();
    try {
      content.uploads().lease(blobs.stream().map(BlobRef::digest).toList());
      return blobs.stream().filter(b -> !content.exists(b.digest())).map(b -> new Missing(b.digest(), content.uploads().offset(b.digest()))).toList();
    } finally {
      shared.unlock();
    }
  }

  @Override
  public long offset(Digest digest) {
    return content.exists(digest) ? -1 : content.uploads().offset(digest);
  }

  @Override
  public Upload upload(Digest digest, long offset, long size, InputStream body) {
    return switch (content.uploads().upload(digest, offset, size, body)) {
      case BlobUploads.Outcome.Committed c -> new Upload.Committed(c.before());
      case BlobUploads.Outcome.Partial p -> new Upload.Partial(p.offset());
      case BlobUploads.Outcome.WrongOffset w -> new Upload.WrongOffset(w.held());
    };
  }

  @Override
  public Expired expire(Instant cutoff) {
    BlobUploads.Expired gone = content.uploads().expire(cutoff);
    return new Expired(gone.uploads(), gone.leases());
  }

  @Override
  public Committed commit(Digest manifestDigest, String mediaType, List<String> tags) {
    List<ImageReference> refs = tags.stream().map(Receiver::reference).toList();
    shared.lock();
    try {
      Manifest manifest = Json.read(blob(manifestDigest, "manifest"), Manifest.class);
      Digest id = manifest.config().digest();
      blob(id, "config");
      for (Descriptor layer : manifest.layers()) {
        if (!content.exists(layer.digest())) throw missing(manifestDigest, layer.digest(), "layer");
      }
      StoredImage existing = store.image(id).orElse(null);
      boolean sameImage = existing != null && existing.manifest().digest().equals(manifestDigest);
      if (!sameImage) register(id, manifest, manifestDigest, mediaType, existing);
      List<String> moved = new ArrayList<>();
      for (ImageReference ref : refs) {
        if (id.equals(store.tags().get(ref))) continue;
        store.tag(ref, id);
        moved.add(ref.familiar());
        events.publish("image", "tag", id.toString(), Map.of("name", ref.familiar()));
      }
      List<Digest> parts = new ArrayList<>(List.of(manifestDigest, id));
      manifest.layers().forEach(l -> parts.add(l.digest()));
      content.uploads().release(parts); // the image references them now
      return new Committed(id, sameImage && moved.isEmpty(), moved);
    } finally {
      shared.unlock();
    }
  }

  private void register(Digest id, Manifest manifest, Digest manifestDigest, String mediaType, StoredImage existing) {
    ImageConfig config = views.config(id);
    long manifestSize = content.info(manifestDigest).orElseThrow().size();
    String type = mediaType == null || mediaType.isBlank() ? Objects.requireNonNullElse(manifest.mediaType(), dev.berth.oci.MediaTypes.OCI_MANIFEST) : mediaType;
    Instant stored = existing == null ? Instant.now() : existing.stored();
    unpacker.unpack(manifest, config, sizes -> store.put(new StoredImage(id, Descriptor.of(type, manifestDigest, manifestSize),
        existing == null ? List.of() : existing.repoDigests(), stored, sizes, existing == null ? null : existing.parent())));
    events.publish("image", "load", id.toString(), Map.of());
  }

  private byte[] blob(Digest digest, String role) {
    try {
      return content.read(digest);
    } catch (NotFoundException e) {
      throw missing(digest, digest, role);
    }
  }

  private static ConflictException missing(Digest manifest, Digest blob, String role) {
    return new ConflictException("committing image " + manifest + ": its " + role + " blob " + blob + " was not uploaded");
  }

  private static ImageReference reference(String tag) {
    try {
      ImageReference ref = ImageReference.parse(tag);
      if (ref.digest() != null) throw new InvalidArgumentException("committing image: a tag may not carry a digest: " + tag);
      return ref;
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("committing image: invalid tag \"" + tag + "\": " + e.getMessage(), e);
    }
  }
}
