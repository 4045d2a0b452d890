package dev.berth.registry.auth;

/** Where the credentials for a registry come from; {@link Credential#ANONYMOUS} when none are known. */
@FunctionalInterface
public interface CredentialSource {
  CredentialSource NONE = registry -> Credential.ANONYMOUS;

  /** @param registry a registry host as references name it: {@code docker.io}, {@code localhost:5000} */
  Credential lookup(String registry);
}
