package dev.berth.runtime.spec;

/** The container's root filesystem (config.md "root"): a path relative to the bundle or absolute. */
public record Root(String path, boolean readonly) {
  public Root {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("runtime spec: root.path is required");
    }
  }
}
