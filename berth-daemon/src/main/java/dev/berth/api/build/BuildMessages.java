package dev.berth.api.build;

import dev.berth.api.ErrorMapper;
import dev.berth.api.Exchange;
import dev.berth.engine.BuildService;
import dev.berth.engine.BuildService.BuildFailedException;
import dev.berth.oci.Digest;
import dev.berth.oci.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer of {@code POST /build}: Docker's JSON messages, one object per line, each flushed as written so
 * the client prints the build as it goes. {@code {"stream": …}} carries the build's output,
 * {@code {"aux": {"ID": …}}} the image ID, and {@code {"errorDetail": …, "error": …}} a failure after the
 * answer began (before it, the route still answers with a real HTTP status).
 *
 * <p>Quiet ({@code q=1}): the output is held back and only the image ID is sent as a stream line, as dockerd
 * does; when the build fails, the held-back output goes out before the error so the user sees what failed.
 */
final class BuildMessages implements BuildService.BuildProgress {
  private final Exchange.ResponseStream out;
  private final boolean quiet;
  private final StringBuilder held = new StringBuilder();

  BuildMessages(Exchange exchange, boolean quiet) {
    this.out = exchange.stream(200, "application/json");
    this.quiet = quiet;
  }

  @Override
  public void stream(String text) {
    if (quiet) {
      held.append(text);
    } else {
      write(Map.of("stream", text));
    }
  }

  @Override
  public void aux(Digest imageId) {
    write(Map.of("aux", Map.of("ID", imageId.toString())));
  }

  /** Whether the client has seen the answer's head, after which errors must go in the stream. */
  boolean started() {
    return out.committed();
  }

  /** Ends a successful build: in quiet mode, the ID is the one line of output. */
  void succeeded(Digest imageId) throws IOException {
    if (quiet) write(Map.of("stream", imageId + "\n"));
    out.close();
  }

  /**
   * Reports a failure inline and ends the stream. A failed RUN carries its exit code as Docker's
   * {@code errorDetail.code}, which the docker CLI exits with, as it does against dockerd's classic builder.
   */
  void failed(Throwable error) throws IOException {
    if (quiet && !held.isEmpty()) write(Map.of("stream", held.toString()));
    Map<String, Object> detail = new LinkedHashMap<>();
    String message;
    if (error instanceof BuildFailedException failed) {
      message = failed.getMessage();
      if (failed.exitCode() > 0) detail.put("code", failed.exitCode());
    } else {
      message = ErrorMapper.map(error).message();
    }
    detail.put("message", message);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("errorDetail", detail);
    m.put("error", message);
    write(m);
    out.close();
  }

  private void write(Object message) {
    try {
      out.write(Json.write(message));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("build: sending progress to the client: " + e.getMessage(), e);
    }
  }
}
