package dev.berth.runtime.specgen;

/** Which network namespace the container lives in. */
public sealed interface NetworkMode {
  /** A new namespace of its own, with only loopback until a network driver adds an interface. */
  record Private() implements NetworkMode {}

  /** The host's namespace ({@code --network host}): no network namespace in the spec. */
  record Host() implements NetworkMode {}

  /** An existing namespace to join, e.g. /run/berth/netns/ID or /proc/PID/ns/net. */
  record Join(String path) implements NetworkMode {
    public Join {
      if (path == null || !path.startsWith("/")) {
        throw new IllegalArgumentException("network namespace path must be absolute, got " + path);
      }
    }
  }
}
