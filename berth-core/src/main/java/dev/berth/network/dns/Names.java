package dev.berth.network.dns;

import java.util.List;

/** Who is called what, as seen from one container: the engine answers from its endpoints. */
@FunctionalInterface
public interface Names {
  /** The IPv4 addresses (dotted) {@code name} has for container {@code askingContainerId}; empty if none. */
  List<String> lookup(String askingContainerId, String name);

  /** The name of the container that has {@code ipv4} on a network the asker is on, or null (PTR). */
  default String reverse(String askingContainerId, String ipv4) {
    return null;
  }
}
