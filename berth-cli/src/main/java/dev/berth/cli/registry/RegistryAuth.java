package dev.berth.cli.registry;

import dev.berth.client.DaemonClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a registry's credentials are found, and the {@code X-Registry-Auth} header that carries them to the
 * daemon: URL-safe base64 of {@code {"username","password","serveraddress"}} (or {@code identitytoken}), as the
 * docker CLI sends it.
 */
public final class RegistryAuth {
  public static final String HEADER = "X-Registry-Auth";
  /** The key docker keeps Docker Hub's credentials under. */
  public static final String DOCKER_HUB = "https://index.docker.io/v1/";

  private RegistryAuth() {}

  /**
   * The registry host of an image name, by docker's rule: the first component when it has a dot or a colon or
   * is {@code localhost}; otherwise Docker Hub ({@code docker.io}).
   */
  public static String registryOf(String image) {
    int slash = image.indexOf('/');
    if (slash <= 0) return "docker.io";
    String first = image.substring(0, slash);
    boolean host = first.contains(".") || first.contains(":") || first.equals("localhost") || !first.equals(first.toLowerCase());
    return host ? first : "docker.io";
  }

  /** The config key of a registry host or login argument: Docker Hub's URL for its names, else the host. */
  public static String serverKey(String server) {
    if (server == null || server.isBlank()) return DOCKER_HUB;
    String s = server.strip();
    String bare = s.replaceFirst("^https?://", "");
    int slash = bare.indexOf('/');
    String host = slash >= 0 ? bare.substring(0, slash) : bare;
    if (host.equals("docker.io") || host.equals("index.docker.io") || host.equals("registry-1.docker.io")) return DOCKER_HUB;
    return host;
  }

  /** The stored credentials for {@code registry} (a host), from its helper or {@code auths}. */
  public static Optional<Login> lookup(ClientConfig config, String registry) {
    String key = serverKey(registry);
    Optional<String> helper = config.helperFor(key);
    if (helper.isPresent()) return new CredentialHelper(helper.get()).get(key);
    return config.stored(key);
  }

  /** The header value for these credentials. */
  public static String header(Login login) {
    Map<String, String> json = new LinkedHashMap<>();
    if (!login.username().isEmpty()) json.put("username", login.username());
    if (!login.password().isEmpty()) json.put("password", login.password());
    json.put("serveraddress", login.server());
    if (!login.identityToken().isEmpty()) json.put("identitytoken", login.identityToken());
    try {
      return Base64.getUrlEncoder().encodeToString(DaemonClient.mapper().writeValueAsString(json).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
