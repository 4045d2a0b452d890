package dev.berth.registry.pull;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.Manifest;
import java.util.Objects;

/**
 * What a pull committed to the content store: the platform's manifest (its blob, config and layers are all
 * present), and the digest the registry knows the pulled reference by (the index's when there was one), for
 * the image's {@code RepoDigests}.
 *
 * @param manifestDescriptor the descriptor of the committed manifest blob
 * @param manifest the parsed manifest
 * @param repoDigest the digest of what the reference named: the index, or the manifest itself
 */
public record PullResult(Descriptor manifestDescriptor, Manifest manifest, Digest repoDigest) {
  public PullResult {
    Objects.requireNonNull(manifestDescriptor, "manifest descriptor");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(repoDigest, "repo digest");
  }

  /** The image ID: the digest of the config blob. */
  public Digest configDigest() {
    return manifest.config().digest();
  }
}
