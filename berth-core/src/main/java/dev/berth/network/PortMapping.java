package dev.berth.network;

import dev.berth.errors.InvalidArgumentException;

/**
 * One published port: {@code -p [hostIp:][hostPort:]containerPort[/proto]}.
 *
 * @param protocol {@code tcp} or {@code udp}
 * @param hostIp the host address to bind ({@code 0.0.0.0} for all, the default)
 * @param hostPort the host port; 0 before a random one is chosen
 */
public record PortMapping(String protocol, int containerPort, String hostIp, int hostPort) {
  public PortMapping {
    protocol = protocol == null || protocol.isEmpty() ? "tcp" : protocol;
    if (!protocol.equals("tcp") && !protocol.equals("udp")) {
      throw new InvalidArgumentException("invalid port protocol " + protocol + ": want tcp or udp");
    }
    if (containerPort < 1 || containerPort > 65535) throw new InvalidArgumentException("invalid container port " + containerPort);
    if (hostPort < 0 || hostPort > 65535) throw new InvalidArgumentException("invalid host port " + hostPort);
    hostIp = hostIp == null || hostIp.isEmpty() ? "0.0.0.0" : hostIp;
  }

  /** Docker's key for this port in {@code NetworkSettings.Ports}: {@code 80/tcp}. */
  public String key() {
    return containerPort + "/" + protocol;
  }
}
