package dev.berth.daemon;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.network.Mtu;
import dev.berth.network.NetworkDefaults;
import dev.berth.network.Subnet;
import java.nio.file.Path;

/**
 * The network settings a berthd can be given, by flag or config-file key of the same name, so two daemons on one host
 * never meet: {@code --bridge} (the default network's bridge), {@code --bip} (its address and subnet, CIDR),
 * {@code --iptables-chain-prefix}, {@code --default-address-pool} (where user networks' subnets come from: CIDR, or
 * Docker's {@code base=CIDR,size=24}), {@code --userland-proxy} (dockerd's {@code userland-proxy}: false reaches
 * published ports from the host's loopback by DNAT instead of a proxy), {@code --mtu} (dockerd's {@code mtu}: the
 * default network's MTU, checked when given). Null fields were not given.
 */
public record NetworkFlags(String bridge, String bip, String chainPrefix, String pool, Boolean userlandProxy, Integer mtu) {
  public static final NetworkFlags NONE = new NetworkFlags(null, null, null, null, null, null);

  public NetworkFlags {
    if (mtu != null) Mtu.check(mtu, "mtu");
  }

  /** Without {@code mtu}. */
  public NetworkFlags(String bridge, String bip, String chainPrefix, String pool, Boolean userlandProxy) {
    this(bridge, bip, chainPrefix, pool, userlandProxy, null);
  }

  /** Without {@code userland-proxy}. */
  public NetworkFlags(String bridge, String bip, String chainPrefix, String pool) {
    this(bridge, bip, chainPrefix, pool, null);
  }

  /** {@code this} over {@code below} field by field (flags over the config file). */
  NetworkFlags over(NetworkFlags below) {
    return new NetworkFlags(first(bridge, below.bridge), first(bip, below.bip), first(chainPrefix, below.chainPrefix),
        first(pool, below.pool), first(userlandProxy, below.userlandProxy), first(mtu, below.mtu));
  }

  /**
   * Berth's defaults under {@code execRoot} with the given fields replaced; null for {@code --bridge none} (Docker's
   * way to run without the default bridge): containers then get only loopback and berthd touches no host network.
   */
  NetworkDefaults resolve(Path execRoot) {
    if ("none".equals(bridge)) return null;
    NetworkDefaults d = NetworkDefaults.of(execRoot);
    return new NetworkDefaults(first(bridge, d.bridge()), bip == null ? d.subnet() : Subnet.parse(bip),
        pool == null ? d.pool() : Subnet.parse(poolCidr(pool)), first(chainPrefix, d.chainPrefix()), d.bridgePrefix(),
        d.netnsDir(), first(userlandProxy, d.userlandProxy()), first(mtu, d.mtu()));
  }

  private static String poolCidr(String text) {
    if (!text.contains("=")) return text;
    for (String part : text.split(",")) {
      if (part.startsWith("base=")) return part.substring(5);
    }
    throw new InvalidArgumentException("invalid default address pool \"" + text + "\": want CIDR or base=CIDR,size=24");
  }

  private static <T> T first(T a, T b) {
    return a != null ? a : b;
  }
}
