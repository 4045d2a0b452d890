package dev.berth.registry.push;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.image.content.ContentStore;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.Json;
import dev.berth.oci.Manifest;
import dev.berth.oci.MediaTypes;
import dev.berth.registry.ParallelSteps;
import dev.berth.registry.ProgressEvent;
import dev.berth.registry.RegistryClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Pushes one image manifest and its blobs from the content store: the blobs in parallel (one virtual thread
 * each, {@code maxConcurrent} at a time), then the manifest, byte for byte as stored, so its digest is the
 * one Berth knows. When a blob fails the other uploads are cancelled and no manifest is put, so the registry
 * never gets a manifest pointing at a missing blob.
 */
public final class ImagePusher {
  public static final int DEFAULT_CONCURRENCY = 5;
  /** Blobs up to this size go in one PUT; larger ones in PATCH chunks of this size. */
  public static final long DEFAULT_CHUNK = 16L * 1024 * 1024;

  private final RegistryClient client;
  private final ContentStore content;
  private final int maxConcurrent;
  private final long chunkSize;

  public ImagePusher(RegistryClient client, ContentStore content, int maxConcurrent, long chunkSize) {
    if (maxConcurrent < 1 || chunkSize < 1) throw new IllegalArgumentException("concurrency and chunk size must be positive");
    this.client = client;
    this.content = content;
    this.maxConcurrent = maxConcurrent;
    this.chunkSize = chunkSize;
  }

  /**
   * @param manifest the descriptor of a manifest blob in the content store (OCI or Docker schema2)
   * @param tag the tag to put it under
   * @param mountFrom a repository of the same registry that holds the blobs, or null
   */
  public PushResult push(Descriptor manifest, String tag, String mountFrom, Consumer<ProgressEvent> progress) {
    String what = client.registry() + "/" + client.repository() + ":" + tag;
    if (!MediaTypes.isManifest(manifest.mediaType())) {
      throw new InvalidArgumentException("pushing " + what + ": cannot push a " + manifest.mediaType());
    }
    byte[] bytes = content.read(manifest.digest());
    Manifest parsed = Json.read(bytes, Manifest.class);
    Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
    for (Descriptor layer : parsed.layers()) blobs.putIfAbsent(layer.digest(), layer);
    blobs.putIfAbsent(parsed.config().digest(), parsed.config());
    for (Descriptor blob : blobs.values()) {
      if (!content.exists(blob.digest())) throw new NotFoundException("pushing " + what + ": blob " + blob.digest() + " is not in the store");
    }
    Consumer<ProgressEvent> serial = ParallelSteps.oneAtATime(progress);
    parsed.layers().forEach(l -> serial.accept(new ProgressEvent(l.digest(), ProgressEvent.State.PREPARING, 0, l.size())));
    uploadAll(List.copyOf(blobs.values()), mountFrom, parsed.config().digest(), serial);
    Digest digest = client.pushManifest(tag, bytes, manifest.mediaType());
    return new PushResult(tag, digest, bytes.length);
  }

  private void uploadAll(List<Descriptor> blobs, String mountFrom, Digest config, Consumer<ProgressEvent> progress) {
    Semaphore slots = new Semaphore(maxConcurrent);
    List<BlobUpload> uploads = new ArrayList<>();
    for (Descriptor blob : blobs) {
      Consumer<ProgressEvent> sink = blob.digest().equals(config) ? e -> {} : progress;
      uploads.add(new BlobUpload(client, content, blob, mountFrom, chunkSize, slots, sink));
    }
    ParallelSteps.runAll(uploads, "pushing to " + client.registry() + "/" + client.repository());
  }
}
