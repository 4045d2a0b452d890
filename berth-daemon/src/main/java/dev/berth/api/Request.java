package dev.berth.api;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A request as handlers see it: the method, the path without its {@code /vX.Y} prefix, the negotiated API
 * version, the decoded query, a header lookup, path variables from the route, and the body as a stream
 * (never buffered whole: it may be a 300 MB tar).
 */
public record Request(
    String method,
    String path,
    ApiVersion version,
    Map<String, List<String>> query,
    Function<String, String> headers,
    Map<String, String> pathParams,
    InputStream body) {

  public Request {
    query = Map.copyOf(query);
    pathParams = Map.copyOf(pathParams);
  }

  public Request withPathParams(Map<String, String> params) {
    return new Request(method, path, version, query, headers, params, body);
  }

  public String header(String name) {
    return headers.apply(name);
  }

  public String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) throw new IllegalStateException("route has no path variable " + name);
    return value;
  }

  /** The last value of a query parameter, or null. */
  public String param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.getLast();
  }

  public List<String> params(String name) {
    return query.getOrDefault(name, List.of());
  }

  public String param(String name, String fallback) {
    String value = param(name);
    return value == null ? fallback : value;
  }

  /** A boolean as Docker reads it: absent/empty/"0"/"false"/"no" are false, anything else true. */
  public boolean flag(String name) {
    String value = param(name);
    if (value == null) return false;
    return switch (value.toLowerCase()) {
      case "", "0", "false", "no", "off" -> false;
      default -> true;
    };
  }

  /** The {@code filters} parameter, parsed; 400 when it is not Docker's filter JSON. */
  public Filters filters() {
    return Filters.parse(param("filters"));
  }

  /** Reads the whole body as JSON of the given type; 400 when it is malformed. Only for small bodies. */
  public <T> T jsonBody(Class<T> type) throws IOException {
    byte[] bytes = body.readAllBytes();
    try {
      return Json.read(bytes, type);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("invalid JSON body for " + method + " " + path + ": " + e.getMessage(), e);
    }
  }
}
