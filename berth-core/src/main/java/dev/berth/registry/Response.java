package dev.berth.registry;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Optional;

/** A registry's answer as endpoints see it: the status, the headers, the body stream, the final URI. */
record Response(int status, HttpHeaders headers, InputStream body, URI uri) {
  Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  long contentLength() {
    return headers.firstValueAsLong("Content-Length").orElse(-1);
  }

  /** Reads and discards the rest of the body so the connection can be reused. */
  void discard() {
    try (InputStream in = body) {
      in.skip(Long.MAX_VALUE);
    } catch (java.io.IOException ignored) {
      // the connection is dropped instead
    }
  }
}
