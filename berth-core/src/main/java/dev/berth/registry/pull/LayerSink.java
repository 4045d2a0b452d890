package dev.berth.registry.pull;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Manifest;

/**
 * What a pull does with each layer once its blob is committed: the engine unpacks it into a snapshot, while the
 * layers above it still download, as dockerd does. The registry package knows nothing of snapshots; this is its
 * seam. Calls come one at a time, never concurrently, and in order: {@link #begin} once, then {@link #layer} for
 * index 0, 1, … of the manifest's layers (a layer listed twice is handed over twice).
 *
 * <p>A pull that fails stops calling the sink, interrupting a {@link #layer} call in progress, and throws only
 * after that call has returned: the sink's owner then undoes what the sink made.
 */
public interface LayerSink {
  /**
   * The manifest's config blob is committed and no layer has been downloaded yet; a sink that refuses the image
   * (its config does not match the manifest) throws here, and no layer is fetched.
   */
  void begin(Manifest manifest);

  /**
   * Layer {@code index} of the manifest is in the content store, verified against its digest, and every layer
   * below it has been handed over.
   */
  void layer(int index, Descriptor layer);
}
