package dev.berth.engine.network;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The {@code net.ipv4.conf.<bridge>.route_localnet} switch, which {@code userland-proxy: false} needs on a bridge
 * with published ports. A connection from the host to 127.0.0.1:hostPort is DNAT-ed in nat OUTPUT to the
 * container, so it leaves through the bridge with a loopback source address; Linux drops such packets as
 * martians, and the replies to 127.0.0.1 that come back in through the bridge too, unless the bridge routes
 * localnet. dockerd sets the same switch on its bridges when its proxy is off.
 *
 * <p>It is set, never cleared: it belongs to the bridge, which goes with the daemon's clean stop (a bridge the
 * daemon did not make keeps it, as under dockerd). What the container sees of such a connection is decided by the
 * masquerade of 127.0.0.0/8 sources in the daemon's rules: the bridge's address.
 */
final class RouteLocalnet {
  private static final Pattern BRIDGE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

  private RouteLocalnet() {}

  /** Turns {@code route_localnet} on for {@code bridge}; quiet when it is on already. */
  static void enable(String bridge) {
    enable(Path.of("/proc/sys/net/ipv4/conf"), bridge);
  }

  static void enable(Path confDir, String bridge) {
    if (bridge == null || !BRIDGE.matcher(bridge).matches() || bridge.equals("all") || bridge.equals("default")
        || bridge.equals(".") || bridge.equals("..")) {
      throw new InvalidArgumentException("set route_localnet: invalid bridge name '" + bridge + "'");
    }
    Path file = confDir.resolve(bridge).resolve("route_localnet");
    try {
      if (Files.readString(file).strip().equals("1")) return;
      Files.writeString(file, "1\n");
    } catch (IOException e) {
      throw new SystemException("publish ports without the userland proxy: cannot set route_localnet on bridge " + bridge
          + " (" + file + "): " + e.getMessage(), e);
    }
  }
}
