package dev.berth.registry.pull;

import dev.berth.errors.BerthException;
import dev.berth.errors.SystemException;
import dev.berth.image.content.ContentStore;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Platform;
import dev.berth.registry.ProgressEvent;
import dev.berth.registry.RegistryClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Pulls one image into the content store: resolve the reference to the platform's manifest, download the
 * config, then the layers in parallel (one virtual thread each, {@code maxConcurrent} transferring at a
 * time, as dockerd's max-concurrent-downloads), and commit the manifest last. When any blob fails the other
 * downloads are cancelled and the error is thrown; blobs already committed stay, so pulling again fetches
 * only what is missing. Progress events arrive one at a time (never concurrently), in order per layer.
 */
public final class ImagePuller {
  public static final int DEFAULT_CONCURRENCY = 3;

  private final RegistryClient client;
  private final ContentStore content;
  private final int maxConcurrent;

  public ImagePuller(RegistryClient client, ContentStore content, int maxConcurrent) {
    if (maxConcurrent < 1) throw new IllegalArgumentException("max concurrent downloads must be at least 1");
    this.client = client;
    this.content = content;
    this.maxConcurrent = maxConcurrent;
  }

  /**
   * @param reference a tag or a digest in the client's repository
   * @param platform the platform to pick from an index
   */
  public PullResult pull(String reference, Platform platform, Consumer<ProgressEvent> progress) {
    String what = client.registry() + "/" + client.repository() + (reference.contains(":") ? "@" : ":") + reference;
    ManifestResolver.Resolved resolved = ManifestResolver.resolve(client, reference, platform, what);
    Consumer<ProgressEvent> serial = serialised(progress);
    Semaphore slots = new Semaphore(maxConcurrent);
    new BlobDownload(client, content, resolved.manifest().config(), slots, e -> {}).callUnchecked();
    List<Descriptor> layers = resolved.manifest().layers();
    for (Descriptor layer : layers) serial.accept(new ProgressEvent(layer.digest(), ProgressEvent.State.WAITING, 0, layer.size()));
    downloadAll(layers, slots, serial);
    byte[] bytes = resolved.pulled().bytes();
    content.write(bytes);
    Descriptor descriptor = Descriptor.of(resolved.pulled().mediaType(), resolved.pulled().digest(), bytes.length);
    return new PullResult(descriptor, resolved.manifest(), resolved.top().digest());
  }

  private void downloadAll(List<Descriptor> layers, Semaphore slots, Consumer<ProgressEvent> progress) {
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      ExecutorCompletionService<Void> done = new ExecutorCompletionService<>(threads);
      List<Future<Void>> futures = new ArrayList<>();
      for (Descriptor layer : distinct(layers)) futures.add(done.submit(new BlobDownload(client, content, layer, slots, progress)));
      try {
        for (int i = 0; i < futures.size(); i++) done.take().get();
      } catch (ExecutionException e) {
        futures.forEach(f -> f.cancel(true));
        throw rethrow(e.getCause());
      } catch (InterruptedException e) {
        futures.forEach(f -> f.cancel(true));
        Thread.currentThread().interrupt();
        throw new SystemException("pulling from " + client.registry() + "/" + client.repository() + ": interrupted", e);
      }
    }
  }

  /** An image may list one layer twice; it is downloaded once. */
  private static List<Descriptor> distinct(List<Descriptor> layers) {
    List<Descriptor> out = new ArrayList<>();
    java.util.Set<dev.berth.oci.Digest> seen = new java.util.HashSet<>();
    for (Descriptor d : layers) if (seen.add(d.digest())) out.add(d);
    return out;
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof BerthException b) return b;
    if (cause instanceof RuntimeException r) return r;
    return new SystemException("pulling a layer: " + cause, cause);
  }

  private static Consumer<ProgressEvent> serialised(Consumer<ProgressEvent> progress) {
    ReentrantLock lock = new ReentrantLock();
    return e -> {
      lock.lock();
      try {
        progress.accept(e);
      } finally {
        lock.unlock();
      }
    };
  }
}
