package dev.berth.engine;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageReference;
import java.time.Instant;
import java.util.List;

/**
 * An image as the engine presents it to front ends.
 *
 * @param id the config digest
 * @param manifest the manifest descriptor
 * @param config the parsed config
 * @param tags the references that point at it, sorted
 * @param repoDigests {@code repo@sha256:…}
 * @param size the sum of its layers' uncompressed sizes, in bytes
 * @param stored when it entered this store
 */
public record Image(
    Digest id,
    Descriptor manifest,
    ImageConfig config,
    List<ImageReference> tags,
    List<String> repoDigests,
    long size,
    Instant stored) {
  public Image {
    tags = List.copyOf(tags);
    repoDigests = List.copyOf(repoDigests);
  }

  public boolean dangling() {
    return tags.isEmpty();
  }
}
