package dev.berth.api.images;

import dev.berth.api.ErrorMapper;
import dev.berth.api.Exchange;
import dev.berth.oci.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stream of Docker's JSON messages ({@code {"status": …}}, {@code {"stream": …}}, {@code {"errorDetail": …}}),
 * one object per line, flushed as written so the client shows progress. An error before the first message
 * still gets a real HTTP status; after it, it becomes an error message, which the docker CLI prints and
 * turns into a failing exit code.
 */
final class JsonMessageStream {
  private final Exchange.ResponseStream out;

  JsonMessageStream(Exchange exchange) {
    this.out = exchange.stream(200, "application/json");
  }

  void status(String status) {
    write(Map.of("status", status));
  }

  void stream(String text) {
    write(Map.of("stream", text));
  }

  /** Writes one message object (a {@link JsonMessage}, or a map) and flushes it. */
  void message(Object message) {
    write(message);
  }

  boolean started() {
    return out.committed();
  }

  /** Reports an error in the stream and ends it. */
  void fail(Throwable error) throws IOException {
    String message = ErrorMapper.map(error).message();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("errorDetail", Map.of("message", message));
    m.put("error", message);
    write(m);
    out.close();
  }

  void close() throws IOException {
    out.close();
  }

  private void write(Object message) {
    try {
      out.write(Json.write(message));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
