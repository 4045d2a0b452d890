package dev.berth.engine.exec;

import dev.berth.engine.ContainerView;

/**
 * How the exec service finds a container, without depending on the container service: a reference (full
 * ID, name or unambiguous ID prefix) to the engine's view of it, whose state tells whether it runs and whose
 * rootfs holds the /etc/passwd that exec users are looked up in.
 */
@FunctionalInterface
public interface ContainerLookup {
  /** The container; NotFoundException ("No such container: x") when there is none. */
  ContainerView find(String ref);
}
