package dev.berth.oci;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The platform of an index entry: OCI image-index spec, "platform" object. */
public record Platform(
    String architecture,
    String os,
    @JsonProperty("os.version") String osVersion,
    @JsonProperty("os.features") List<String> osFeatures,
    String variant) {
  public static final Platform LINUX_AMD64 = new Platform("amd64", "linux", null, null, null);

  public boolean matches(Platform other) {
    return other != null && architecture.equals(other.architecture) && os.equals(other.os);
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}
