package dev.berth.api.images;

import dev.berth.api.ErrorMapper;
import dev.berth.api.Exchange;
import dev.berth.api.Router;
import dev.berth.engine.ImageService;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.registry.auth.AuthenticationException;
import dev.berth.registry.auth.Credential;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;

/**
 * {@code POST /auth}, what {@code docker login} calls: the body is the login's {@code AuthConfig}
 * ({@code {"username":…,"password":…,"serveraddress":…}}); the daemon checks the credentials against the
 * registry and answers {@code 200 {"Status":"Login Succeeded","IdentityToken":""}}, or 401 with Docker's
 * message. The client, not the daemon, keeps the credentials. When the registry's token server gives a refresh
 * token (the daemon asks for offline access, as dockerd does), it is the {@code IdentityToken}: the docker CLI
 * and berth then keep it in config.json's {@code identitytoken} instead of the password, and send it back in
 * {@code X-Registry-Auth} on later pulls and pushes, where it is spent on the OAuth2 refresh grant.
 */
public final class AuthRoutes {
  /** What the docker CLI sends as the server address of Docker Hub. */
  static final String DOCKER_HUB_ADDRESS = "https://index.docker.io/v1/";

  private final ImageService images;

  public AuthRoutes(ImageService images) {
    this.images = images;
  }

  public void register(Router.Builder r) {
    r.post("/auth", this::login);
  }

  /** The answer, with dockerd's member names. */
  record AuthResponse(String Status, String IdentityToken) {}

  void login(Exchange ex) throws IOException {
    RegistryAuthHeader.AuthConfig body = ex.request().jsonBody(RegistryAuthHeader.AuthConfig.class);
    if (body == null) throw new InvalidArgumentException("login: the body must be a JSON object with username and password");
    String registry = registryHost(body.serveraddress());
    Credential credential = credential(body, registry);
    String identityToken;
    try {
      identityToken = images.loginForIdentityToken(registry, credential);
    } catch (AuthenticationException e) {
      ex.json(401, new ErrorMapper.ErrorResponse(e.getMessage()));
      return;
    }
    ex.json(200, new AuthResponse("Login Succeeded", identityToken));
  }

  private static Credential credential(RegistryAuthHeader.AuthConfig body, String registry) {
    if (body.identitytoken() != null && !body.identitytoken().isEmpty()) return new Credential.IdentityToken(body.identitytoken());
    if (body.username() == null || body.username().isEmpty()) {
      throw new InvalidArgumentException("login to " + registry + ": a username is required");
    }
    return new Credential.UserPassword(body.username(), body.password() == null ? "" : body.password());
  }

  /**
   * The registry host of a login's server address, as dockerd reads it: {@code https://host:5000/anything} is
   * {@code host:5000}; Docker Hub's addresses ({@code https://index.docker.io/v1/}, empty) are {@code docker.io}.
   */
  static String registryHost(String serverAddress) {
    if (serverAddress == null || serverAddress.isBlank()) return "docker.io";
    String s = serverAddress.strip();
    if (s.contains("://")) {
      try {
        URI uri = URI.create(s);
        s = uri.getRawAuthority() == null ? s : uri.getRawAuthority();
      } catch (IllegalArgumentException e) {
        throw new InvalidArgumentException("login: invalid server address \"" + serverAddress + "\"", e);
      }
    }
    int slash = s.indexOf('/');
    if (slash >= 0) s = s.substring(0, slash);
    if (s.isEmpty()) throw new InvalidArgumentException("login: invalid server address \"" + serverAddress + "\"");
    String lower = s.toLowerCase(Locale.ROOT);
    return lower.equals("index.docker.io") || lower.equals("registry-1.docker.io") || lower.equals("docker.io") ? "docker.io" : s;
  }
}
