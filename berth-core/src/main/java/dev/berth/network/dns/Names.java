package dev.berth.network.dns;

import java.util.List;

/** Who is called what, as seen from one container: the engine answers from its endpoints. */
@FunctionalInterface
public interface Names {
  /**
   * The IPv4 addresses (dotted) {@code name} has for container {@code askingContainerId}; empty if none. The
   * DNS server asks with the name lower-cased and without a trailing dot ({@code redis}, {@code db.alias}), so
   * an implementation compares lower-cased names; it is called on the server's threads and must be thread-safe
   * and quick (it is asked for every query, including external names that then go upstream).
   */
  List<String> lookup(String askingContainerId, String name);

  /** The name of the container that has {@code ipv4} on a network the asker is on, or null (PTR). */
  default String reverse(String askingContainerId, String ipv4) {
    return null;
  }
}
