package dev.berth.network;

import java.time.Instant;
import java.util.Map;

/**
 * A network as Berth stores it and {@code network inspect} shows it.
 *
 * @param id 64 hex characters
 * @param driver {@code bridge}, {@code host} or {@code null} (Docker's name for "none")
 * @param bridge the Linux bridge's name (at most 15 characters), null for host and none
 * @param subnet the IPv4 subnet, null for host and none
 * @param gateway the bridge's own address in the subnet (dotted), null for host and none
 * @param internal {@code --internal}: no route out (no masquerade, traffic to other interfaces dropped)
 * @param predefined one of the three networks every daemon has (bridge, host, none): cannot be removed
 */
public record Network(
    String id,
    String name,
    String driver,
    String bridge,
    Subnet subnet,
    String gateway,
    boolean internal,
    Map<String, String> labels,
    Map<String, String> options,
    Instant created,
    boolean predefined) {
  public Network {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    options = options == null ? Map.of() : Map.copyOf(options);
  }

  public boolean isBridge() {
    return "bridge".equals(driver);
  }
}
