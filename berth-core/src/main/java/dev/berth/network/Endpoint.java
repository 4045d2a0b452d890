package dev.berth.network;

import java.util.List;

/**
 * A container's place on one bridge network: its address, MAC and the names it answers to in DNS there
 * (its name, its short ID and the {@code --alias}es given for that network).
 *
 * @param ipv4 dotted, without the prefix length (the network's subnet gives it)
 * @param mac {@code 02:42:…} style, derived from the address as Docker does, or null until attached
 */
public record Endpoint(String networkId, String containerId, String ipv4, String mac, List<String> aliases) {
  public Endpoint {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
  }
}
