package dev.berth.engine.network;

import dev.berth.runtime.container.Container;
import dev.berth.runtime.container.NetworkConfig;

/**
 * What the network side needs to know of containers, given by the container service (which is made after the
 * network service, so it is set later): resolve a reference, and a container's record and whether it runs.
 */
public interface ContainerDirectory {
  /** The container {@code ref} names (ID, name or ID prefix); NotFoundException ("No such container: x"). */
  Member find(String ref);

  /** The container with full ID {@code id}, or null when it is gone. */
  Member byId(String id);

  /** The container's /etc/hosts file on the host (bind-mounted into it), or null when not known. */
  default java.nio.file.Path hostsFile(String id) {
    return null;
  }

  /**
   * @param running whether its process runs (a live connect attaches it at once)
   * @param pid its process while running, else 0
   */
  record Member(Container container, boolean running, long pid) {
    public String id() {
      return container.id().hex();
    }

    /** Without the leading slash. */
    public String name() {
      return container.name().substring(1);
    }

    public NetworkConfig network() {
      return container.config().network();
    }
  }

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
