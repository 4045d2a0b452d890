package dev.berth.stack;

import java.util.Map;

/**
 * A top-level volume. {@code name} is the key in the file; {@code externalName} is the volume's real name when
 * {@code external: true} (or {@code name:} is set), null when the engine names it {@code <project>_<name>}.
 */
public record VolumeDecl(
    String name, boolean external, String externalName, String driver, Map<String, String> driverOpts,
    Map<String, String> labels, StackLocation location) {
  public VolumeDecl {
    driverOpts = driverOpts == null ? Map.of() : Map.copyOf(driverOpts);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    location = location == null ? StackLocation.UNKNOWN : location;
  }
}
