package dev.berth.image.layer;

import dev.berth.oci.Digest;
import java.util.Objects;

/**
 * What applying one layer produced.
 *
 * @param diffId sha256 of the uncompressed tar stream, the image config's {@code rootfs.diff_ids} entry
 * @param size uncompressed bytes read, end-of-archive padding included
 * @param files entries written (files, directories, links, devices; whiteouts not counted)
 */
public record ApplyResult(Digest diffId, long size, long files) {
  public ApplyResult {
    Objects.requireNonNull(diffId, "diffId");
    if (size < 0 || files < 0) throw new IllegalArgumentException("negative size or file count");
  }
}
