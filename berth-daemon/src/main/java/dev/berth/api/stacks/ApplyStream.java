package dev.berth.api.stacks;

import dev.berth.api.Exchange;
import dev.berth.engine.StackService.StepResult;
import dev.berth.oci.Json;
import java.io.IOException;

/**
 * The answer of an apply: one JSON line per step, flushed as the step ends. A client that goes away does not
 * stop the apply halfway: the engine goes on converging, and the lines it would have seen are dropped.
 */
final class ApplyStream {
  private final Exchange.ResponseStream out;
  private boolean gone;

  ApplyStream(Exchange.ResponseStream out) {
    this.out = out;
  }

  /** Whether the client has seen the answer's head, after which an error must go in the stream. */
  boolean started() {
    return out.committed();
  }

  void step(StepResult result) {
    write(java.util.Map.of("result", result));
  }

  /** Writes the last line and ends the answer. */
  void last(Object message) throws IOException {
    write(message);
    if (!gone) out.close();
  }

  private void write(Object message) {
    if (gone) return;
    try {
      out.write(Json.write(message));
      out.write('\n');
      out.flush();
    } catch (IOException | RuntimeException e) {
      gone = true;
    }
  }
}
