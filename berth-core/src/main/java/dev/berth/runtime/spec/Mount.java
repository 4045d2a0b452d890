package dev.berth.runtime.spec;

import java.util.List;

/**
 * One mount the runtime performs inside the container (config.md "mounts"):
 * <pre>{"destination": "/proc", "type": "proc", "source": "proc", "options": ["nosuid"]}</pre>
 * A bind mount has type "bind" and options containing "bind" or "rbind".
 */
public record Mount(String destination, String type, String source, List<String> options) {
  public Mount {
    if (destination == null || !destination.startsWith("/")) {
      throw new IllegalArgumentException("runtime spec: mount destination must be absolute, got " + destination);
    }
    options = options == null ? List.of() : List.copyOf(options);
  }

  public static Mount of(String destination, String type, String source, String... options) {
    return new Mount(destination, type, source, List.of(options));
  }

  public Mount withOptions(List<String> o) {
    return new Mount(destination, type, source, o);
  }
}
