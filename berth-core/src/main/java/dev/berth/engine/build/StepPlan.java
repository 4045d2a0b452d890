package dev.berth.engine.build;

import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;

/**
 * One step, ready to run or to be found in the cache: the text its cache key is built on (the history text
 * Docker writes for it; for {@code COPY --from}, the source image's ID with the patterns, since the history
 * text needs its files), what else its key covers (source checksums, ownership), the config the image has
 * after it, and the work that makes the image when the cache has none. {@code cleanup} releases what
 * planning made (temporary files).
 */
record StepPlan(String createdBy, String keyExtra, ImageConfig.ContainerConfig config, Work work, AutoCloseable cleanup)
    implements AutoCloseable {

  /** Makes the step's image from the current one and answers its ID. */
  @FunctionalInterface
  interface Work {
    Digest run();
  }

  StepPlan(String createdBy, String keyExtra, ImageConfig.ContainerConfig config, Work work) {
    this(createdBy, keyExtra, config, work, () -> {});
  }

  @Override
  public void close() {
    try {
      cleanup.close();
    } catch (Exception e) {
      // temporary files only; the engine's tmp is emptied at the next start
    }
  }
}
