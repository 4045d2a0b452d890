package dev.berth.engine.image;

import dev.berth.engine.events.EventBus;
import dev.berth.image.content.ContentStore;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.StoredImage;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageReference;
import dev.berth.oci.Platform;
import dev.berth.registry.ProgressEvent;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.RegistryTransport;
import dev.berth.registry.auth.Credential;
import dev.berth.registry.pull.ImagePuller;
import dev.berth.registry.pull.PullResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code docker pull}: the registry package commits the blobs (manifest last) and hands each layer to a
 * {@link PullUnpack} as soon as it and the layers below it are committed, so the unpack overlaps the downloads
 * (as dockerd's does); only when every layer is unpacked is the image registered, its repo digest recorded and
 * its tag moved. A failure at any step leaves no image and no snapshot of its own behind; committed blobs stay
 * for the next try. The caller holds the service's shared lock.
 */
final class Puller {
  private final ImageStore store;
  private final ContentStore content;
  private final SnapshotUnpacker unpacker;
  private final ImageViews views;
  private final EventBus events;

  Puller(ImageStore store, ContentStore content, SnapshotUnpacker unpacker, ImageViews views, EventBus events) {
    this.store = store;
    this.content = content;
    this.unpacker = unpacker;
    this.views = views;
    this.events = events;
  }

  /** Pulls and registers the image; returns its ID. */
  Digest pull(RegistryTransport transport, ImageReference ref, Platform platform, Credential credential,
      Consumer<ProgressEvent> progress) {
    RegistryClient client = RegistryClient.forPull(transport, ref.domain(), ref.path(), credential);
    String reference = ref.digest() != null ? ref.digest().toString() : ref.tag();
    try (PullUnpack unpack = new PullUnpack(unpacker, views)) {
      PullResult pulled;
      try {
        pulled = new ImagePuller(client, content, ImagePuller.DEFAULT_CONCURRENCY).pull(reference, platform, progress, unpack);
      } catch (RuntimeException | Error e) {
        unpack.abandon();
        throw e;
      }
      register(pulled.configDigest(), pulled, ref, unpack.sizes());
      return pulled.configDigest();
    }
  }

  private void register(Digest id, PullResult pulled, ImageReference ref, List<Long> sizes) {
    String repoDigest = ref.familiarRepository() + "@" + pulled.repoDigest();
    StoredImage existing = store.image(id).orElse(null);
    List<String> repoDigests = new ArrayList<>(existing == null ? List.of() : existing.repoDigests());
    repoDigests.removeIf(r -> r.startsWith(ref.familiarRepository() + "@"));
    repoDigests.add(repoDigest);
    Instant stored = existing == null ? Instant.now() : existing.stored();
    store.put(new StoredImage(id, pulled.manifestDescriptor(), repoDigests, stored, sizes,
        existing == null ? null : existing.parent()));
    if (ref.tag() != null) store.tag(ref, id);
    events.publish("image", "pull", id.toString(), Map.of("name", ref.familiar()));
  }
}
