package dev.berth.api.system;

import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /version} (spec: SystemVersion). Component names are the wire names, so they keep
 * Docker's capitalisation:
 * <pre>{"Platform":{"Name":"Berth Engine"},"Components":[{"Name":"Engine","Version":"27.0.0",…}],
 *  "Version":"27.0.0","ApiVersion":"1.47","MinAPIVersion":"1.24","Os":"linux","Arch":"amd64",…}</pre>
 */
public record SystemVersion(
    Platform Platform,
    List<Component> Components,
    String Version,
    String ApiVersion,
    String MinAPIVersion,
    String GitCommit,
    String GoVersion,
    String Os,
    String Arch,
    String KernelVersion,
    boolean Experimental,
    String BuildTime) {

  public SystemVersion {
    Components = List.copyOf(Components);
  }

  public record Platform(String Name) {}

  public record Component(String Name, String Version, Map<String, String> Details) {}
}
