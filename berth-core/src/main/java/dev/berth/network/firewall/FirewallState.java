package dev.berth.network.firewall;

import dev.berth.network.Subnet;
import java.util.List;

/** Everything the rules are made from: the bridge networks and the published ports. */
public record FirewallState(List<BridgeNet> networks, List<PublishedPort> ports) {
  public FirewallState {
    networks = List.copyOf(networks);
    ports = List.copyOf(ports);
  }

  public static final FirewallState EMPTY = new FirewallState(List.of(), List.of());

  public record BridgeNet(String bridge, Subnet subnet, boolean internal) {}

  /** A published port: host side ({@code hostIp} 0.0.0.0 for any), container side, and a comment tag (container ID). */
  public record PublishedPort(String protocol, String hostIp, int hostPort, String containerIp, int containerPort,
      String bridge, String tag) {}
}
