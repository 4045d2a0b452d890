package dev.berth.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A response whose body is read as it arrives, so that streams (events, load progress, a saved tar) need
 * no buffering. Closing it closes the connection.
 *
 * @param status the HTTP status code
 * @param headers the response headers, names in lower case
 */
public record ApiResponse(int status, Map<String, String> headers, InputStream body) implements AutoCloseable {
  public ApiResponse {
    headers = Map.copyOf(headers);
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }

  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /** Reads the whole body; meant for small JSON answers. */
  public byte[] bytes() throws IOException {
    return body.readAllBytes();
  }

  public String text() throws IOException {
    return new String(bytes(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      // The connection is going away either way.
    }
  }
}
