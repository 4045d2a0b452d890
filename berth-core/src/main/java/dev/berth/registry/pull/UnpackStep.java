package dev.berth.registry.pull;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.registry.ProgressEvent;
import dev.berth.registry.ProgressEvent.State;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The pull's unpack, as one step beside the downloads: it waits for layer 0's blob to be committed, hands it to
 * the {@link LayerSink}, then does the same for layer 1, and so on, so that a layer is unpacked as soon as it and
 * every layer below it are in the store, while the layers above still download. Reports "Extracting" and "Pull
 * complete" per layer, after that layer's "Download complete".
 */
final class UnpackStep implements Callable<Void> {
  private final List<Descriptor> layers;
  private final Map<Digest, CompletableFuture<Void>> committed;
  private final LayerSink sink;
  private final Consumer<ProgressEvent> progress;

  /** @param committed for each distinct layer digest, completed once its blob is in the content store */
  UnpackStep(List<Descriptor> layers, Map<Digest, CompletableFuture<Void>> committed, LayerSink sink,
      Consumer<ProgressEvent> progress) {
    this.layers = List.copyOf(layers);
    this.committed = Map.copyOf(committed);
    this.sink = sink;
    this.progress = progress;
  }

  @Override
  public Void call() throws InterruptedException, ExecutionException {
    for (int i = 0; i < layers.size(); i++) {
      Descriptor layer = layers.get(i);
      committed.get(layer.digest()).get();
      progress.accept(new ProgressEvent(layer.digest(), State.EXTRACTING, 0, layer.size()));
      sink.layer(i, layer);
      progress.accept(new ProgressEvent(layer.digest(), State.PULL_COMPLETE, layer.size(), layer.size()));
    }
    return null;
  }
}
