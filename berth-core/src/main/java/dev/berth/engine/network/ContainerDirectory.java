package dev.berth.engine.network;

import dev.berth.runtime.container.NetworkConfig;

/**
 * What the network side needs to know of containers, given by the container service (which is made after the
 * network service, so it is set later): resolve a reference, and a container's name and network settings.
 */
public interface ContainerDirectory {
  /** The container {@code ref} names (ID, name or ID prefix); NotFoundException ("No such container: x"). */
  Member find(String ref);

  /** The container with full ID {@code id}, or null when it is gone. */
  Member byId(String id);

  /**
   * @param name without the leading slash
   * @param running whether its process runs (a live connect attaches it at once)
   */
  record Member(String id, String name, NetworkConfig network, boolean running) {}

  /** Before the container service is wired in: knows no container. */
  ContainerDirectory EMPTY = new ContainerDirectory() {
    @Override
    public Member find(String ref) {
      throw new dev.berth.errors.NotFoundException("No such container: " + ref);
    }

    @Override
    public Member byId(String id) {
      return null;
    }
  };
}
