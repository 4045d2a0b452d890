package dev.berth.client;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One API call: method, path (without the {@code /v1.xx} prefix), query parameters in order, extra headers
 * and an optional body.
 *
 * @param body null for no body; otherwise the stream is sent with chunked encoding and closed after
 */
public record ApiRequest(String method, String path, List<Map.Entry<String, String>> query, Map<String, String> headers, InputStream body) {
  public ApiRequest {
    if (method == null || path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("API request: method and an absolute path are required, got " + method + " " + path);
    }
    query = List.copyOf(query);
    headers = Map.copyOf(headers);
  }

  public static Builder get(String path) {
    return new Builder("GET", path);
  }

  public static Builder post(String path) {
    return new Builder("POST", path);
  }

  public static Builder delete(String path) {
    return new Builder("DELETE", path);
  }

  /** PUT, for uploads such as a tar to a container's archive endpoint. */
  public static Builder put(String path) {
    return new Builder("PUT", path);
  }

  /** HEAD, for answers carried in headers only (a path's stat in a container). */
  public static Builder head(String path) {
    return new Builder("HEAD", path);
  }

  /** The request target: the path, then the query, percent-encoded. */
  public String target(String versionPrefix) {
    StringBuilder sb = new StringBuilder(versionPrefix).append(path);
    char sep = '?';
    for (Map.Entry<String, String> q : query) {
      sb.append(sep).append(encode(q.getKey())).append('=').append(encode(q.getValue()));
      sep = '&';
    }
    return sb.toString();
  }

  /** Percent-encodes one path segment or query value (spaces as %20, as Go's url package does in paths). */
  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Collects parameters; a null value is left out, so optional flags can be passed straight through. */
  public static final class Builder {
    private final String method;
    private final String path;
    private final List<Map.Entry<String, String>> query = new ArrayList<>();
    private final Map<String, String> headers = new java.util.LinkedHashMap<>();
    private InputStream body;

    private Builder(String method, String path) {
      this.method = method;
      this.path = path;
    }

    public Builder query(String name, Object value) {
      if (value != null) query.add(Map.entry(name, value.toString()));
      return this;
    }

    /** A boolean flag the way the docker CLI sends it: "1" when set, absent otherwise. */
    public Builder flag(String name, boolean value) {
      return value ? query(name, "1") : this;
    }

    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    public Builder body(InputStream stream, String contentType) {
      this.body = stream;
      return header("Content-Type", contentType);
    }

    public ApiRequest build() {
      return new ApiRequest(method, path, query, headers, body);
    }
  }
}
