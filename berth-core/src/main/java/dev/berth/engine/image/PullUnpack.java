package dev.berth.engine.image;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Manifest;
import dev.berth.registry.pull.LayerSink;
import java.util.List;

/**
 * A pull's side of the unpack: the registry package hands each layer over as soon as its blob (and every blob
 * below it) is committed, and this unpacks it into its snapshot at once, while the layers above still download.
 * The owner registers the image with {@link #sizes} and then closes it, or, when the pull failed, calls
 * {@link #abandon} so that no snapshot of the failed pull stays behind.
 */
final class PullUnpack implements LayerSink, AutoCloseable {
  private final SnapshotUnpacker unpacker;
  private final ImageViews views;
  private ChainUnpack chain;

  PullUnpack(SnapshotUnpacker unpacker, ImageViews views) {
    this.unpacker = unpacker;
    this.views = views;
  }

  /** Reads the committed config and checks that it lists one diff ID per layer, before any layer is fetched. */
  @Override
  public void begin(Manifest manifest) {
    chain = unpacker.begin(manifest, views.config(manifest.config().digest()));
  }

  @Override
  public void layer(int index, Descriptor layer) {
    chain.next(index);
  }

  /** Each layer's uncompressed size, bottom first, once all are unpacked. */
  List<Long> sizes() {
    return chain.sizes();
  }

  /** The pull failed: removes the snapshots it made (unless another unpack relies on them). */
  void abandon() {
    if (chain != null) chain.abandon();
  }

  @Override
  public void close() {
    if (chain != null) chain.close();
  }
}
