package dev.berth.registry.pull;

import dev.berth.image.content.ContentStore;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.Platform;
import dev.berth.registry.ParallelSteps;
import dev.berth.registry.ProgressEvent;
import dev.berth.registry.RegistryClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Pulls one image into the content store: resolve the reference to the platform's manifest, download the
 * config, then the layers in parallel (one virtual thread each, {@code maxConcurrent} transferring at a
 * time, as dockerd's max-concurrent-downloads), and commit the manifest last. Given a {@link LayerSink}, each
 * layer is handed to it as soon as its blob and those below it are committed, while the others still download
 * (dockerd unpacks the same way), instead of the caller unpacking everything after the last download.
 *
 * <p>When any step fails the others are cancelled and the error is thrown once all have stopped; blobs already
 * committed stay, so pulling again fetches only what is missing. Progress events arrive one at a time (never
 * concurrently), in order per layer.
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
   * Pulls the blobs only, unpacking nothing.
   *
   * @param reference a tag or a digest in the client's repository
   * @param platform the platform to pick from an index
   */
  public PullResult pull(String reference, Platform platform, Consumer<ProgressEvent> progress) {
    return pull(reference, platform, progress, null);
  }

  /**
   * Pulls the blobs and hands each layer to {@code sink} in order as it arrives, reporting "Extracting" and
   * "Pull complete" around each; the manifest is committed only after the sink has taken every layer.
   *
   * @param sink what to do with each committed layer; null for nothing (and no "Extracting")
   */
  public PullResult pull(String reference, Platform platform, Consumer<ProgressEvent> progress, LayerSink sink) {
    String what = client.registry() + "/" + client.repository() + (reference.contains(":") ? "@" : ":") + reference;
    ManifestResolver.Resolved resolved = ManifestResolver.resolve(client, reference, platform, what);
    Consumer<ProgressEvent> serial = ParallelSteps.oneAtATime(progress);
    Semaphore slots = new Semaphore(maxConcurrent);
    new BlobDownload(client, content, resolved.manifest().config(), slots, e -> {}).callUnchecked();
    if (sink != null) sink.begin(resolved.manifest());
    List<Descriptor> layers = resolved.manifest().layers();
    for (Descriptor layer : layers) serial.accept(new ProgressEvent(layer.digest(), ProgressEvent.State.WAITING, 0, layer.size()));
    ParallelSteps.runAll(steps(layers, slots, serial, sink), "pulling from " + client.registry() + "/" + client.repository());
    byte[] bytes = resolved.pulled().bytes();
    content.write(bytes);
    Descriptor descriptor = Descriptor.of(resolved.pulled().mediaType(), resolved.pulled().digest(), bytes.length);
    return new PullResult(descriptor, resolved.manifest(), resolved.top().digest());
  }

  /**
   * One download per distinct layer (an image may list one layer twice; it is downloaded once), each completing
   * its layer's future when its blob is committed, plus the unpack step that waits on those futures in order.
   */
  private List<Callable<Void>> steps(List<Descriptor> layers, Semaphore slots, Consumer<ProgressEvent> progress, LayerSink sink) {
    Map<Digest, CompletableFuture<Void>> committed = new LinkedHashMap<>();
    List<Callable<Void>> steps = new ArrayList<>();
    for (Descriptor layer : layers) {
      if (committed.containsKey(layer.digest())) continue;
      CompletableFuture<Void> done = new CompletableFuture<>();
      committed.put(layer.digest(), done);
      BlobDownload download = new BlobDownload(client, content, layer, slots, progress);
      steps.add(() -> {
        download.call();
        done.complete(null);
        return null;
      });
    }
    if (sink != null) steps.add(new UnpackStep(layers, committed, sink, progress));
    return steps;
  }
}
