package dev.berth.engine.network;

import dev.berth.network.netns.NetNs;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names of a container's interfaces ({@code eth0}, {@code eth1}, …). A live connect takes the first free name, not
 * "one more than there are": after a disconnect of {@code eth1} the container still has {@code eth2}. A container found
 * again by a new berthd gets the names its interfaces really have, read inside its namespace by address, since the
 * order of connects and disconnects that gave them is not stored; a later disconnect then deletes the right one.
 */
final class Ifnames {
  private static final Logger LOG = LoggerFactory.getLogger(Ifnames.class);

  private Ifnames() {}

  /** The first {@code ethN} not in {@code used}. */
  static String free(Collection<String> used) {
    for (int i = 0; ; i++) {
      String name = "eth" + i;
      if (!used.contains(name)) return name;
    }
  }

  /**
   * IPv4 address to interface name inside {@code ns} (the interfaces are listed with an ioctl on a socket opened in
   * the namespace); empty when they cannot be read, and the caller then falls back on the connect order.
   */
  static Map<String, String> byAddress(NetNs ns) {
    try {
      return ns.inside(() -> {
        Map<String, String> out = new HashMap<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
          for (InetAddress a : Collections.list(ni.getInetAddresses())) {
            if (a instanceof Inet4Address) out.put(a.getHostAddress(), ni.getName());
          }
        }
        return Map.copyOf(out);
      });
    } catch (RuntimeException e) {
      LOG.warn("reading the interfaces in {}: {}", ns.path(), e.getMessage());
      return Map.of();
    }
  }
}
