package dev.berth.api;

import dev.berth.oci.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One request and its answer. A handler answers once: {@link #respond} for a whole body, {@link #stream}
 * for a body written as it is produced (events, save, load progress), or {@link #hijack} to leave HTTP and
 * carry raw bytes both ways (attach, exec). Implemented by the transport; tests may fake it.
 */
public interface Exchange {
  Request request();

  /** Sends a complete answer with extra headers. */
  void respond(int status, String contentType, byte[] body, Map<String, String> headers) throws IOException;

  /** Sends a complete answer. */
  default void respond(int status, String contentType, byte[] body) throws IOException {
    respond(status, contentType, body, Map.of());
  }

  /**
   * Starts a chunked answer. Nothing is sent until the first flush, {@link ResponseStream#commit} or close, so
   * a handler that fails before writing can still answer with a proper error status; call {@code commit()}
   * when the client must see the headers at once (events, wait). Writes block while the client is slow.
   */
  ResponseStream stream(int status, String contentType);

  /**
   * As {@link #stream(int, String)}, with extra headers (the archive's {@code X-Docker-Container-Path-Stat}).
   * The default serves only an empty map; the transport implements it fully.
   */
  default ResponseStream stream(int status, String contentType, Map<String, String> headers) {
    if (!headers.isEmpty()) throw new UnsupportedOperationException("this exchange cannot stream with extra headers");
    return stream(status, contentType);
  }

  /**
   * Answers {@code 101 UPGRADED} with {@code Upgrade: tcp}, leaves HTTP, and returns the raw connection.
   * Only for a request that asked to upgrade.
   */
  RawConnection hijack(String contentType) throws IOException;

  /** False once the client has gone away; long-running handlers (events) poll it to stop early. */
  boolean isOpen();

  default void json(int status, Object body) throws IOException {
    respond(status, "application/json", Json.write(body));
  }

  default void text(int status, String body) throws IOException {
    respond(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  /** A streamed body: an OutputStream whose headers go out on first flush or {@link #commit}. */
  abstract class ResponseStream extends OutputStream {
    /** Sends the status and headers now, before any body. */
    public abstract void commit() throws IOException;

    /** Whether the headers went out, after which the status can no longer change. */
    public abstract boolean committed();
  }

  /** The connection after a hijack: bytes from the client, bytes to it; close both when done. */
  interface RawConnection extends AutoCloseable {
    InputStream in();

    OutputStream out();

    /** Half-closes: the client reads EOF but may still send. */
    void closeWrite() throws IOException;

    @Override
    void close();
  }
}
