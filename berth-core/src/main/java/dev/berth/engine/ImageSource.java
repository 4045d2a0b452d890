package dev.berth.engine;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import java.io.InputStream;
import java.util.List;

/**
 * The sending end of an image sent blob by blob to another Berth host ({@code berth push ssh://host}): what
 * the image is made of, and each blob's bytes from any offset, so a cut transfer resumes where it stopped.
 * The blobs are served byte for byte as stored, so the receiving host ends with the same digests and image ID.
 */
public interface ImageSource {
  /**
   * An image as the receiver needs it.
   *
   * @param id the image ID (its config digest)
   * @param manifest the manifest's descriptor: its bytes are a blob like the others
   * @param blobs the config, then the layers in manifest order
   */
  record Sendable(Digest id, Descriptor manifest, List<Descriptor> blobs) {
    public Sendable {
      blobs = List.copyOf(blobs);
    }
  }

  /** The image by name or ID; NotFoundException when absent. */
  Sendable describe(String nameOrId);

  /** A stored blob's bytes from {@code offset}; NotFoundException when absent, InvalidArgumentException past its end. */
  InputStream open(Digest digest, long offset);
}
