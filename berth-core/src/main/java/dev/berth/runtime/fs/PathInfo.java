package dev.berth.runtime.fs;

import java.time.Instant;
import java.util.Objects;

/**
 * A path's facts as Docker's {@code ContainerPathStat} (the base64 JSON of the
 * {@code X-Docker-Container-Path-Stat} header): its base name, size, mode in {@link GoFileMode} bits,
 * modification time, and for a symlink the container path it finally resolves to ("" otherwise).
 */
public record PathInfo(String name, long size, long mode, Instant mtime, String linkTarget) {
  public PathInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mtime, "mtime");
    linkTarget = linkTarget == null ? "" : linkTarget;
  }

  public boolean isDir() {
    return GoFileMode.isDir(mode);
  }
}
