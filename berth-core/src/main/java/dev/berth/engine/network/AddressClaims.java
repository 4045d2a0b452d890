package dev.berth.engine.network;

import dev.berth.errors.ConflictException;
import dev.berth.network.Endpoint;
import dev.berth.network.Network;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which running container uses each address, one at a time. An endpoint keeps its address while its container is
 * stopped, and a requested address ({@code --ip}, compose's {@code ipv4_address}) may be given to a new container
 * while a stopped one still holds it, as Docker allows (docker-compose recreates a service by creating the new
 * container before it removes the old one). What must never happen is two running containers on one address: a start
 * claims its addresses here and fails with Docker's "Address already in use" when another running container has one.
 */
final class AddressClaims {
  private final Map<String, String> owners = new ConcurrentHashMap<>();

  /** Claims {@code e}'s address on {@code n} for its container; a conflict if another container has claimed it. */
  void claim(Network n, Endpoint e) {
    if (e.ipv4() == null) return;
    String owner = owners.putIfAbsent(key(n, e), e.containerId());
    if (owner != null && !owner.equals(e.containerId())) {
      throw new ConflictException("Address already in use: " + e.ipv4() + " on network " + n.name() + " (container "
          + owner.substring(0, Math.min(12, owner.length())) + " runs with it)");
    }
  }

  /** Gives back {@code e}'s address on {@code n} if its container holds it. */
  void release(Network n, Endpoint e) {
    if (e.ipv4() != null) owners.remove(key(n, e), e.containerId());
  }

  /** Gives back every address of the container (it stopped). */
  void releaseAll(String containerId) {
    owners.values().removeIf(containerId::equals);
  }

  private static String key(Network n, Endpoint e) {
    return n.id() + "/" + e.ipv4();
  }
}
