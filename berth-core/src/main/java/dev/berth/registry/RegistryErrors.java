package dev.berth.registry;

import dev.berth.errors.NotFoundException;
import dev.berth.oci.Json;
import dev.berth.registry.auth.AuthenticationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns a registry's error answer into Berth's errors. The body, when JSON, is the distribution spec's
 * <pre>{"errors": [{"code": "MANIFEST_UNKNOWN", "message": "manifest unknown", "detail": …}]}</pre>
 * and is shown as docker shows it: {@code manifest unknown: manifest unknown}.
 */
final class RegistryErrors {
  private static final int MAX_BODY = 64 * 1024;

  private RegistryErrors() {}

  record ErrorBody(List<ErrorItem> errors) {}

  record ErrorItem(String code, String message) {}

  /** Builds the exception for an unexpected status: 404 not found, 401/403 refused, anything else a failure. */
  static RuntimeException of(String action, Response response) {
    String reason = reason(response);
    String message = action + ": " + reason;
    return switch (response.status()) {
      case 404 -> new NotFoundException(message);
      case 401, 403 -> new AuthenticationException(message);
      default -> new RegistryException(message, response.status());
    };
  }

  static String reason(Response response) {
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readNBytes(MAX_BODY);
    } catch (IOException e) {
      body = new byte[0];
    }
    String fromJson = fromJson(body);
    if (fromJson != null) return fromJson;
    String text = new String(body, StandardCharsets.UTF_8).strip();
    String status = "HTTP " + response.status();
    return text.isEmpty() || text.length() > 200 ? status : status + " " + text;
  }

  private static String fromJson(byte[] body) {
    if (body.length == 0 || body[0] != '{') return null;
    try {
      ErrorBody parsed = Json.read(body, ErrorBody.class);
      if (parsed.errors() == null || parsed.errors().isEmpty()) return null;
      return parsed.errors().stream()
          .map(e -> (e.code() == null ? "unknown" : e.code().toLowerCase(Locale.ROOT).replace('_', ' '))
              + (e.message() == null ? "" : ": " + e.message()))
          .collect(Collectors.joining("; "));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
