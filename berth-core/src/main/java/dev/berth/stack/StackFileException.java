package dev.berth.stack;

import dev.berth.errors.InvalidArgumentException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A stack file that cannot be applied: every problem found, each with where it is. The message lists them all,
 * one per line, as {@code file:line: problem}, so a user fixes a file in one pass.
 */
public final class StackFileException extends InvalidArgumentException {
  private final List<Problem> problems;

  public StackFileException(List<Problem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  public StackFileException(StackLocation where, String problem) {
    this(List.of(new Problem(where, problem)));
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String message(List<Problem> problems) {
    if (problems.isEmpty()) throw new IllegalArgumentException("a StackFileException needs a problem");
    return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
  }

  /** One problem and where it is. */
  public record Problem(StackLocation where, String message) {
    @Override
    public String toString() {
      return where + ": " + message;
    }
  }
}
