package dev.berth.stack;

import java.util.Map;

/**
 * A top-level network. {@code name} is the key in the file; {@code externalName} is the network's real name
 * when {@code external: true} (or {@code name:} is set), null when the engine names it {@code <project>_<name>}.
 * {@code subnet} and {@code gateway} come from {@code ipam.config[0]} (null: allocated).
 */
public record NetworkDecl(
    String name, boolean external, String externalName, String driver, boolean internal, String subnet,
    String gateway, Map<String, String> labels, StackLocation location) {
  public NetworkDecl {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    location = location == null ? StackLocation.UNKNOWN : location;
  }
}
