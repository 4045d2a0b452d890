package dev.berth.registry;

import dev.berth.oci.Digest;
import java.util.Objects;

/**
 * A manifest or index as the registry sent it: its bytes (kept byte for byte, since the digest is of them),
 * its media type and its digest, which has been checked against the bytes.
 */
public record PulledManifest(byte[] bytes, String mediaType, Digest digest) {
  public PulledManifest {
    Objects.requireNonNull(bytes, "manifest bytes");
    Objects.requireNonNull(mediaType, "manifest media type");
    Objects.requireNonNull(digest, "manifest digest");
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }
}
