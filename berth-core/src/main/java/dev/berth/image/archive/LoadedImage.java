package dev.berth.image.archive;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageReference;
import java.util.List;
import java.util.Objects;

/**
 * An image whose blobs {@link ImageLoader} has committed to the content store; the caller registers it.
 *
 * @param manifest the descriptor of its (platform-specific) manifest blob, now in the content store
 * @param configDigest the digest of its config blob: the image ID
 * @param tags the tagged references the archive gave it, in archive order; empty when it had none
 */
public record LoadedImage(Descriptor manifest, Digest configDigest, List<ImageReference> tags) {
  public LoadedImage {
    Objects.requireNonNull(manifest, "loaded image manifest");
    Objects.requireNonNull(configDigest, "loaded image config digest");
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
