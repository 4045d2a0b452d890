package dev.berth.registry;

import dev.berth.registry.auth.CredentialSource;
import dev.berth.registry.auth.DockerConfig;
import java.util.Objects;

/**
 * What the engine needs to reach registries: the transport options and where credentials come from when a
 * caller gives none (the API's {@code X-Registry-Auth} gives them per request).
 */
public record RegistryAccess(RegistryOptions options, CredentialSource credentials) {
  public RegistryAccess {
    Objects.requireNonNull(options, "registry options");
    Objects.requireNonNull(credentials, "credential source");
  }

  /** Default options, and credentials from docker's config file, read again at each lookup (login may change it). */
  public static RegistryAccess defaults() {
    return new RegistryAccess(RegistryOptions.defaults(), registry -> DockerConfig.read(DockerConfig.defaultFile()).lookup(registry));
  }
}
