package dev.berth.engine.image;

import dev.berth.image.store.ImageStore;
import dev.berth.image.store.StoredImage;
import dev.berth.oci.Digest;
import java.util.List;

/**
 * Finds the uncompressed size of a committed chain from an image already in the store that has it, so that
 * an image reusing a snapshot gets the size measured when the snapshot was made. -1 when none has it.
 */
final class KnownLayerSizes {
  private final ImageStore store;
  private final ImageViews views;

  KnownLayerSizes(ImageStore store, ImageViews views) {
    this.store = store;
    this.views = views;
  }

  long size(Digest chain) {
    for (StoredImage image : store.images()) {
      if (image.layerSizes().isEmpty()) continue;
      List<Digest> chains = ChainIds.of(views.config(image.id()).diffIds());
      int at = chains.indexOf(chain);
      if (at >= 0 && at < image.layerSizes().size()) return image.layerSizes().get(at);
    }
    return -1;
  }
}
