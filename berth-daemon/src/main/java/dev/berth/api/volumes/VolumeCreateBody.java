package dev.berth.api.volumes;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The body of {@code POST /volumes/create} (definitions/VolumeCreateOptions):
 * {@code {"Name":"tardis","Driver":"local","DriverOpts":{"type":"tmpfs","device":"tmpfs"},"Labels":{"k":"v"}}}.
 * Every member is optional: no name makes an anonymous volume.
 */
public record VolumeCreateBody(
    @JsonProperty("Name") String name,
    @JsonProperty("Driver") String driver,
    @JsonProperty("DriverOpts") Map<String, String> driverOpts,
    @JsonProperty("Labels") Map<String, String> labels) {
  public VolumeCreateBody {
    driverOpts = driverOpts == null ? Map.of() : Map.copyOf(driverOpts);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  static final VolumeCreateBody EMPTY = new VolumeCreateBody(null, null, null, null);
}
