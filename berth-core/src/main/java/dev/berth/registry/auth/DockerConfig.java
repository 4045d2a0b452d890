package dev.berth.registry.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Docker's client config file, {@code ~/.docker/config.json} (or {@code $DOCKER_CONFIG/config.json}), as a
 * credential source. Docker's order: a {@code credHelpers} entry for the registry, else the {@code
 * credsStore} helper, else the {@code auths} entry, whose {@code auth} is base64 of {@code user:password}
 * (or which holds an {@code identitytoken}). Docker Hub is stored under {@code https://index.docker.io/v1/};
 * other registries under their host, with or without a scheme.
 */
public final class DockerConfig implements CredentialSource {
  static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

  private final Path file;
  private final ConfigFile config;

  record AuthEntry(String auth, String username, String password, @JsonProperty("identitytoken") String identityToken) {}

  record ConfigFile(Map<String, AuthEntry> auths, Map<String, String> credHelpers, String credsStore) {
    ConfigFile {
      auths = auths == null ? Map.of() : Map.copyOf(auths);
      credHelpers = credHelpers == null ? Map.of() : Map.copyOf(credHelpers);
    }
  }

  private DockerConfig(Path file, ConfigFile config) {
    this.file = file;
    this.config = config;
  }

  /** The default file: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
  public static Path defaultFile() {
    String dir = System.getenv("DOCKER_CONFIG");
    Path base = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".docker");
    return base.resolve("config.json");
  }

  /** Reads the file; a missing file is an empty config, a malformed one an error naming the file. */
  public static DockerConfig read(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      return new DockerConfig(file, Json.read(bytes, ConfigFile.class));
    } catch (NoSuchFileException e) {
      return new DockerConfig(file, new ConfigFile(null, null, null));
    } catch (IOException e) {
      throw new InvalidArgumentException("reading " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("reading " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Credential lookup(String registry) {
    String serverUrl = serverUrl(registry);
    String helper = config.credHelpers().get(registry);
    if (helper == null && registry.equals("docker.io")) helper = config.credHelpers().get("index.docker.io");
    if (helper == null) helper = config.credsStore();
    if (helper != null && !helper.isBlank()) {
      Optional<Credential> found = new CredentialHelper(helper).get(serverUrl);
      if (found.isPresent()) return found.get();
    }
    return auths(registry).map(e -> fromEntry(registry, e)).orElse(Credential.ANONYMOUS);
  }

  /** The key docker uses for a registry in helpers: Docker Hub's legacy URL, else the host. */
  static String serverUrl(String registry) {
    return registry.equals("docker.io") ? DOCKER_HUB_KEY : registry;
  }

  private Optional<AuthEntry> auths(String registry) {
    for (var e : config.auths().entrySet()) {
      if (normalise(e.getKey()).equals(registry)) return Optional.of(e.getValue());
    }
    return Optional.empty();
  }

  /** {@code https://index.docker.io/v1/} is docker.io; {@code https://host:5000/v2/} is host:5000. */
  static String normalise(String key) {
    String k = key.replaceFirst("^[a-zA-Z]+://", "");
    int slash = k.indexOf('/');
    if (slash >= 0) k = k.substring(0, slash);
    return k.equals("index.docker.io") || k.equals("registry-1.docker.io") ? "docker.io" : k;
  }

  private Credential fromEntry(String registry, AuthEntry entry) {
    if (entry.identityToken() != null && !entry.identityToken().isEmpty()) return new Credential.IdentityToken(entry.identityToken());
    if (entry.auth() != null && !entry.auth().isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(entry.auth().strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new InvalidArgumentException("reading " + file + ": the auth of " + registry + " is not base64", e);
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) throw new InvalidArgumentException("reading " + file + ": the auth of " + registry + " is not user:password");
      return new Credential.UserPassword(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
    if (entry.username() != null && entry.password() != null) return new Credential.UserPassword(entry.username(), entry.password());
    return Credential.ANONYMOUS;
  }
}
