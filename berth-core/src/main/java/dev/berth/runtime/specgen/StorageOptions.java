package dev.berth.runtime.specgen;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the container's files come from: the mounted rootfs (a snapshot's mount point), {@code --tmpfs}
 * (destination to options such as "size=64m,mode=1777") and bind mounts ({@code -v /src:/dst:ro}).
 */
public record StorageOptions(Path rootfs, Map<String, String> tmpfs, List<BindMount> binds) {
  public StorageOptions {
    Objects.requireNonNull(rootfs, "rootfs");
    tmpfs = tmpfs == null ? Map.of() : Map.copyOf(tmpfs);
    binds = binds == null ? List.of() : List.copyOf(binds);
  }

  public static StorageOptions rootfs(Path rootfs) {
    return new StorageOptions(rootfs, null, null);
  }

  public StorageOptions withTmpfs(Map<String, String> t) {
    return new StorageOptions(rootfs, t, binds);
  }

  public StorageOptions withBinds(List<BindMount> b) {
    return new StorageOptions(rootfs, tmpfs, b);
  }

  /** A host path bound into the container. */
  public record BindMount(Path source, String destination, boolean readOnly) {
    public BindMount {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(destination, "destination");
    }
  }
}
