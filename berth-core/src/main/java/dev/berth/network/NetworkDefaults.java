package dev.berth.network;

import dev.berth.errors.InvalidArgumentException;
import java.nio.file.Path;

/**
 * What one berthd instance uses, so that two of them (tests, or two "hosts" on one machine) never meet: the
 * default network's bridge and subnet, the pool user networks take their /24s from, the prefix of every
 * iptables chain it owns, the prefix of its user networks' bridges, and where its network namespaces live.
 *
 * @param bridge the default network's bridge (docker0's role), at most 15 characters
 * @param subnet the default network's subnet
 * @param pool where {@code network create} without {@code --subnet} takes a free /24
 * @param chainPrefix prefix of the daemon's iptables chains ({@code BERTH} gives BERTH-FORWARD, …), at most 14 characters
 * @param bridgePrefix prefix of user networks' bridge names, followed by 8 characters of the network ID
 * @param netnsDir where container network namespaces are bind-mounted ({@code <execRoot>/netns})
 * @param userlandProxy dockerd's {@code userland-proxy}: true (the default) serves published ports on the host's
 *     loopback with a proxy in berthd; false DNATs loopback too ({@code route_localnet} on the bridge and a
 *     masquerade of 127.0.0.0/8 sources), so no proxy is in the data path
 * @param mtu dockerd's {@code mtu}: the default network's MTU (its bridge and every container's veth on it), 68 to
 *     65535, {@link Mtu#DEFAULT} unless given; user networks take theirs from their option {@value Mtu#OPTION}
 */
public record NetworkDefaults(String bridge, Subnet subnet, Subnet pool, String chainPrefix, String bridgePrefix, Path netnsDir,
    boolean userlandProxy, int mtu) {
  public NetworkDefaults {
    Mtu.check(mtu, "default bridge network");
    if (bridge == null || bridge.isEmpty() || bridge.length() > 15) {
      throw new InvalidArgumentException("invalid bridge name '" + bridge + "': 1 to 15 characters");
    }
    if (chainPrefix == null || !chainPrefix.matches("[A-Za-z][A-Za-z0-9_]{0,13}")) {
      throw new InvalidArgumentException("invalid iptables chain prefix '" + chainPrefix + "': a letter, then up to 13 letters, digits or _");
    }
    if (bridgePrefix == null || bridgePrefix.isEmpty() || bridgePrefix.length() > 7) {
      throw new InvalidArgumentException("invalid bridge prefix '" + bridgePrefix + "': 1 to 7 characters");
    }
    if (subnet.overlaps(pool)) throw new InvalidArgumentException("the default subnet " + subnet + " overlaps the pool " + pool);
  }

  /** With Docker's default MTU, 1500. */
  public NetworkDefaults(String bridge, Subnet subnet, Subnet pool, String chainPrefix, String bridgePrefix, Path netnsDir,
      boolean userlandProxy) {
    this(bridge, subnet, pool, chainPrefix, bridgePrefix, netnsDir, userlandProxy, Mtu.DEFAULT);
  }

  /** With the userland proxy on and an MTU of 1500, as Docker's defaults. */
  public NetworkDefaults(String bridge, Subnet subnet, Subnet pool, String chainPrefix, String bridgePrefix, Path netnsDir) {
    this(bridge, subnet, pool, chainPrefix, bridgePrefix, netnsDir, true);
  }

  /** The same settings with {@code userland-proxy} set to {@code value}. */
  public NetworkDefaults withUserlandProxy(boolean value) {
    return new NetworkDefaults(bridge, subnet, pool, chainPrefix, bridgePrefix, netnsDir, value, mtu);
  }

  /** The same settings with the default network's MTU set to {@code value} (dockerd's {@code --mtu}). */
  public NetworkDefaults withMtu(int value) {
    return new NetworkDefaults(bridge, subnet, pool, chainPrefix, bridgePrefix, netnsDir, userlandProxy, value);
  }

  /** Berth's defaults under {@code execRoot}: bridge berth0 on 172.30.0.0/16, user networks from 172.31.0.0/16. */
  public static NetworkDefaults of(Path execRoot) {
    return new NetworkDefaults("berth0", Subnet.parse("172.30.0.0/16"), Subnet.parse("172.31.0.0/16"), "BERTH", "bn-",
        execRoot.resolve("netns"));
  }
}
