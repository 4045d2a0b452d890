package dev.berth.registry;

import java.util.Objects;

/**
 * Where an upload session continues: the {@code Location} a registry answered to {@code POST
 * blobs/uploads/} or to a {@code PATCH}, absolute or relative to the registry.
 */
public record UploadLocation(String location) {
  public UploadLocation {
    Objects.requireNonNull(location, "upload location");
  }

  /** The location with one more query parameter. */
  String with(String param) {
    return location + (location.contains("?") ? "&" : "?") + param;
  }

  static UploadLocation from(Response response, String action) {
    return new UploadLocation(response.header("Location")
        .orElseThrow(() -> new RegistryException(action + ": the registry answered " + response.status() + " without a Location",
            response.status())));
  }
}
