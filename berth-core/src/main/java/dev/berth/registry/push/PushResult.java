package dev.berth.registry.push;

import dev.berth.oci.Digest;
import java.util.Objects;

/**
 * What a push stored: the manifest's digest and size, which docker prints as
 * {@code <tag>: digest: sha256:… size: 1234}.
 */
public record PushResult(String tag, Digest digest, long size) {
  public PushResult {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(digest, "digest");
  }

  /** Docker's closing line of a push. */
  public String summary() {
    return tag + ": digest: " + digest + " size: " + size;
  }
}
