package dev.berth.image.archive;

import dev.berth.oci.Descriptor;
import dev.berth.oci.ImageReference;
import java.util.List;
import java.util.Objects;

/**
 * One image to save.
 *
 * @param manifest the descriptor of its manifest (OCI or Docker schema2) or of an index, whose blob and
 *     every blob it references are in the content store
 * @param tags the references to record for it; only those with a tag are written (digest-only references
 *     say nothing a loader could use). Empty for an image saved by ID.
 */
public record SaveItem(Descriptor manifest, List<ImageReference> tags) {
  public SaveItem {
    Objects.requireNonNull(manifest, "save item manifest");
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
