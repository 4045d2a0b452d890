package dev.berth.cli;

import dev.berth.client.DaemonException;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

/**
 * The loop of every command that makes one API call per named object ({@code rm}, {@code rmi}, {@code network rm},
 * {@code volume rm}, {@code stop}, …): as the docker CLI does, it goes on past a daemon's refusal, prints it as
 * "Error response from daemon: …" after what was already printed, and makes the exit status 1 at the end.
 */
public final class EachRef {
  private EachRef() {}

  /** One object's call; it prints its own output. */
  @FunctionalInterface
  public interface Action {
    void act(String ref) throws IOException;
  }

  /** Runs {@code action} for each ref; returns 0, or 1 if any failed. */
  public static int run(CliContext ctx, List<String> refs, Action action) throws IOException {
    return run(ctx, refs, action, e -> false);
  }

  /** As {@link #run(CliContext, List, Action)}, but a refusal that {@code ignored} accepts is neither printed nor counted. */
  public static int run(CliContext ctx, List<String> refs, Action action, Predicate<DaemonException> ignored)
      throws IOException {
    int status = 0;
    for (String ref : refs) {
      try {
        action.act(ref);
      } catch (DaemonException e) {
        if (ignored.test(e)) continue;
        ctx.out().flush();
        ctx.err().println("Error response from daemon: " + e.getMessage());
        status = 1;
      }
    }
    return status;
  }
}
