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
 */
public record StoredImage(Digest id, Descriptor manifest, List<String> repoDigests, Instant stored) {
  public StoredImage {
    repoDigests = repoDigests == null ? List.of() : List.copyOf(repoDigests);
  }
}
