package dev.berth.engine.network;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.network.Endpoint;
import dev.berth.network.Subnet;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Address allocation in one subnet: the network and broadcast addresses and the gateway are never given out, every
 * other address at most once. The allocations are the network's endpoints themselves (stored with it), so there is
 * no second record to keep in step, and a restart finds them where it left them.
 */
final class Ipam {
  private Ipam() {}

  /**
   * An address for a new endpoint: {@code wanted} if free, else the lowest free one.
   *
   * @param taken the network's endpoints
   */
  static String allocate(String network, Subnet subnet, String gateway, Collection<Endpoint> taken, String wanted) {
    return allocate(network, subnet, gateway, taken, wanted, e -> true);
  }

  /**
   * As {@link #allocate(String, Subnet, String, Collection, String)}, where only the endpoints {@code holds} accepts
   * keep {@code wanted} from being given again (Docker's rule: a stopped container's address may be requested by a new
   * one; the start of whichever comes second fails). A picked address is never one of {@code taken}.
   */
  static String allocate(String network, Subnet subnet, String gateway, Collection<Endpoint> taken, String wanted,
      Predicate<Endpoint> holds) {
    Set<Long> used = new HashSet<>();
    for (Endpoint e : taken) if (e.ipv4() != null) used.add(Subnet.address(e.ipv4()));
    if (gateway != null) used.add(Subnet.address(gateway));
    if (wanted != null) {
      long a = Subnet.address(wanted);
      if (!subnet.contains(a) || a == subnet.at(0) || a == subnet.at(subnet.size() - 1)) {
        throw new InvalidArgumentException("invalid address " + wanted + ": it does not belong to any of network " + network + "'s subnets (" + subnet + ")");
      }
      boolean held = (gateway != null && a == Subnet.address(gateway))
          || taken.stream().anyMatch(e -> e.ipv4() != null && Subnet.address(e.ipv4()) == a && holds.test(e));
      if (held) throw new ConflictException("Address already in use: " + wanted + " on network " + network);
      return wanted;
    }
    for (long off = 1; off < subnet.size() - 1; off++) {
      long a = subnet.at(off);
      if (!used.contains(a)) return Subnet.dotted(a);
    }
    throw new ConflictException("no available IPv4 addresses on network " + network + " (" + subnet + ")");
  }

  /** Docker's MAC for an address: 02:42 followed by the four address bytes. */
  static String mac(String ipv4) {
    long a = Subnet.address(ipv4);
    return String.format("02:42:%02x:%02x:%02x:%02x", (a >> 24) & 255, (a >> 16) & 255, (a >> 8) & 255, a & 255);
  }

  /** The first /24 of {@code pool} that overlaps none of {@code used}. */
  static Subnet freeSubnet(Subnet pool, List<Subnet> used) {
    int prefix = Math.max(pool.prefixLength(), 24);
    long step = 1L << (32 - prefix);
    for (long n = pool.network(); pool.contains(n); n += step) {
      Subnet candidate = new Subnet(n, prefix);
      if (used.stream().noneMatch(candidate::overlaps)) return candidate;
      if (n + step > 0xFFFFFFFFL) break;
    }
    throw new ConflictException("could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network");
  }
}
