package dev.berth.api.images;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Json;
import dev.berth.registry.auth.Credential;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code X-Registry-Auth} header of pulls and pushes: base64url of the JSON that {@code docker login}
 * stored for the registry,
 * <pre>{"username":"bob","password":"pw","serveraddress":"127.0.0.1:5000"}</pre>
 * or {@code {"identitytoken":"…"}} after a token login. The docker CLI sends URL-safe base64 with padding;
 * other clients send the standard alphabet or no padding, so both are read.
 */
public final class RegistryAuthHeader {
  public static final String NAME = "X-Registry-Auth";

  private RegistryAuthHeader() {}

  /** The JSON inside the header, as the docker CLI writes it ({@code types.AuthConfig}); unknown members ignored. */
  record AuthConfig(String username, String password, String auth, String serveraddress, String identitytoken,
      String registrytoken) {}

  /**
   * The credential the header carries, or null when the header is absent, empty or carries no credential
   * ({@code {}}), so that the engine looks the registry up in config.json. A header that is not base64 of a
   * JSON object is an InvalidArgumentException (400) naming the header.
   */
  public static Credential decode(String header) {
    if (header == null || header.isBlank()) return null;
    AuthConfig config = parse(header.strip());
    if (notEmpty(config.identitytoken())) return new Credential.IdentityToken(config.identitytoken());
    if (notEmpty(config.username())) return new Credential.UserPassword(config.username(), config.password() == null ? "" : config.password());
    if (notEmpty(config.auth())) return fromAuth(config.auth());
    return null;
  }

  private static AuthConfig parse(String header) {
    byte[] json;
    try {
      json = decodeBase64(header);
    } catch (IllegalArgumentException e) {
      throw invalid("it is not base64 (" + e.getMessage() + ")", e);
    }
    String text = new String(json, StandardCharsets.UTF_8).strip();
    if (!text.startsWith("{")) throw invalid("it does not hold a JSON object", null);
    try {
      return Json.read(text, AuthConfig.class);
    } catch (IllegalArgumentException e) {
      throw invalid("its JSON is malformed (" + e.getMessage() + ")", e);
    }
  }

  /** URL-safe or standard alphabet, with or without padding. */
  static byte[] decodeBase64(String text) {
    String s = text.replace('-', '+').replace('_', '/');
    while (s.length() % 4 != 0) s += "=";
    return Base64.getDecoder().decode(s);
  }

  /** config.json's {@code auth}: base64 of {@code user:password}. */
  private static Credential fromAuth(String auth) {
    String pair;
    try {
      pair = new String(decodeBase64(auth), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid("its auth member is not base64", e);
    }
    int colon = pair.indexOf(':');
    if (colon <= 0) throw invalid("its auth member is not user:password", null);
    return new Credential.UserPassword(pair.substring(0, colon), pair.substring(colon + 1));
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }

  private static InvalidArgumentException invalid(String why, Throwable cause) {
    String message = "invalid " + NAME + " header: " + why;
    return cause == null ? new InvalidArgumentException(message) : new InvalidArgumentException(message, cause);
  }
}
