package dev.berth.image.store;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import java.time.Instant;
import java.util.List;

/**
 * One image in the store.
 *
 * @param id the image ID: the digest of its config blob
 * @param manifest the descriptor of its manifest blob (OCI or Docker schema2)
 * @param repoDigests {@code repo@sha256:…} names under which registries know it
 * @param stored when Berth stored it
 * @param layerSizes the uncompressed size of each layer, bottom first, as measured when it was unpacked;
 *     empty when unknown. Kept here because neither the manifest (compressed sizes) nor every snapshotter
 *     (vfs copies its parents) can tell it later.
 * @param parent the image this one was committed on ({@code docker build}'s steps and {@code docker commit}),
 *     or null; {@code docker images} hides untagged images that are another's parent (build intermediates)
 */
public record StoredImage(Digest id, Descriptor manifest, List<String> repoDigests, Instant stored, List<Long> layerSizes,
    Digest parent) {
  public StoredImage {
    java.util.Objects.requireNonNull(id, "image id");
    java.util.Objects.requireNonNull(manifest, "image manifest");
    repoDigests = repoDigests == null ? List.of() : List.copyOf(repoDigests);
    layerSizes = layerSizes == null ? List.of() : List.copyOf(layerSizes);
  }

  /** An image without a recorded parent (pulled, loaded or imported). */
  public StoredImage(Digest id, Descriptor manifest, List<String> repoDigests, Instant stored, List<Long> layerSizes) {
    this(id, manifest, repoDigests, stored, layerSizes, null);
  }

  /** An image whose layer sizes are unknown. */
  public StoredImage(Digest id, Descriptor manifest, List<String> repoDigests, Instant stored) {
    this(id, manifest, repoDigests, stored, List.of());
  }

  /** The sum of the layer sizes, or -1 when they are unknown. */
  public long size() {
    return layerSizes.isEmpty() ? -1 : layerSizes.stream().mapToLong(Long::longValue).sum();
  }
}
