package dev.berth.network.firewall;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.network.Subnet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Everything the rules are made from: the bridge networks and the published ports. The values are checked
 * here because they end up as words of an {@code iptables-restore} batch: a space or a quote in a bridge name
 * would otherwise break (or change) the whole batch.
 */
public record FirewallState(List<BridgeNet> networks, List<PublishedPort> ports) {
  private static final Pattern BRIDGE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

  public FirewallState {
    networks = List.copyOf(networks);
    ports = List.copyOf(ports);
  }

  public static final FirewallState EMPTY = new FirewallState(List.of(), List.of());

  /**
   * A bridge network: the Linux bridge its containers' veths are on, its subnet, and whether it is
   * {@code --internal} (no traffic in or out of the bridge, no masquerade).
   */
  public record BridgeNet(String bridge, Subnet subnet, boolean internal) {
    public BridgeNet {
      checkBridge(bridge);
      if (subnet == null) throw new InvalidArgumentException("invalid firewall network " + bridge + ": no subnet");
    }
  }

  /**
   * A published port: host side ({@code hostIp} 0.0.0.0 for any local address), container side, and a
   * comment tag (container ID). An IPv6 {@code hostIp} is accepted and left to the userland proxy: these
   * rules are IPv4 only.
   */
  public record PublishedPort(String protocol, String hostIp, int hostPort, String containerIp, int containerPort,
      String bridge, String tag) {
    public PublishedPort {
      String what = "invalid published port " + hostIp + ":" + hostPort + "->" + containerIp + ":" + containerPort;
      if (!"tcp".equals(protocol) && !"udp".equals(protocol)) {
        throw new InvalidArgumentException(what + ": protocol " + protocol + " (want tcp or udp)");
      }
      if (hostPort < 1 || hostPort > 65535) throw new InvalidArgumentException(what + ": host port out of 1-65535");
      if (containerPort < 1 || containerPort > 65535) {
        throw new InvalidArgumentException(what + ": container port out of 1-65535");
      }
      hostIp = hostIp == null || hostIp.isEmpty() ? "0.0.0.0" : hostIp;
      if (!isIpv6(hostIp)) Subnet.address(hostIp);
      Subnet.address(containerIp);
      checkBridge(bridge);
      tag = tag == null ? "" : tag;
    }

    /** Whether the host side is IPv6 ({@code ::}, {@code ::1}, …), which these IPv4 rules leave alone. */
    public boolean ipv6() {
      return isIpv6(hostIp);
    }
  }

  private static boolean isIpv6(String ip) {
    return ip.indexOf(':') >= 0;
  }

  private static void checkBridge(String bridge) {
    if (bridge == null || !BRIDGE.matcher(bridge).matches()) {
      throw new InvalidArgumentException("invalid bridge name '" + bridge
          + "' for the firewall: 1 to 15 letters, digits, '_', '.' or '-'");
    }
  }
}
