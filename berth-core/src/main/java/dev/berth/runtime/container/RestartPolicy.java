package dev.berth.runtime.container;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.berth.errors.InvalidArgumentException;

/**
 * Docker's restart policies: {@code no}, {@code on-failure[:max-retries]}, {@code always},
 * {@code unless-stopped}. Persisted and printed in the CLI's form ({@code "on-failure:3"}); the API's
 * {@code {"Name": …, "MaximumRetryCount": …}} form goes through {@link #of(String, int)}.
 */
public sealed interface RestartPolicy {
  /** Never restart (the default). */
  record No() implements RestartPolicy {}

  /** Restart after a non-zero exit, at most {@code maxRetries} times in a row; 0 means no limit. */
  record OnFailure(int maxRetries) implements RestartPolicy {
    public OnFailure {
      if (maxRetries < 0) throw new InvalidArgumentException("invalid restart policy: maximum retry count must not be negative, got " + maxRetries);
    }
  }

  /** Always restart; after a manual stop, only when the daemon starts again. */
  record Always() implements RestartPolicy {}

  /** Like always, but a manually stopped container stays stopped even across daemon restarts. */
  record UnlessStopped() implements RestartPolicy {}

  RestartPolicy NO = new No();
  RestartPolicy ALWAYS = new Always();
  RestartPolicy UNLESS_STOPPED = new UnlessStopped();

  /** Docker's policy name: {@code no}, {@code on-failure}, {@code always}, {@code unless-stopped}. */
  default String name() {
    return switch (this) {
      case No n -> "no";
      case OnFailure f -> "on-failure";
      case Always a -> "always";
      case UnlessStopped u -> "unless-stopped";
    };
  }

  /** Docker's {@code MaximumRetryCount}: the on-failure limit, 0 otherwise. */
  default int maximumRetryCount() {
    return this instanceof OnFailure f ? f.maxRetries() : 0;
  }

  /** The CLI form: {@code "on-failure:3"}, {@code "always"}. */
  @JsonValue
  default String text() {
    return this instanceof OnFailure f && f.maxRetries() > 0 ? "on-failure:" + f.maxRetries() : name();
  }

  /**
   * Parses the CLI form ({@code --restart on-failure:5}); null or empty means {@code no}. Errors name the
   * value and what is wrong with it.
   */
  @JsonCreator
  static RestartPolicy parse(String text) {
    if (text == null || text.isEmpty()) return NO;
    int colon = text.indexOf(':');
    String name = colon < 0 ? text : text.substring(0, colon);
    if (colon < 0) return of(name, 0);
    String count = text.substring(colon + 1);
    if (!name.equals("on-failure")) {
      throw new InvalidArgumentException("invalid restart policy '" + text + "': maximum retry count can only be used with 'on-failure'");
    }
    try {
      return of(name, Integer.parseInt(count));
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException("invalid restart policy '" + text + "': maximum retry count must be an integer, got '" + count + "'");
    }
  }

  /** The API form: a name ("" means no) and a retry count, which only on-failure may set. */
  static RestartPolicy of(String name, int maximumRetryCount) {
    String n = name == null ? "" : name;
    if (maximumRetryCount != 0 && !n.equals("on-failure")) {
      throw new InvalidArgumentException("invalid restart policy '" + n + "': maximum retry count can only be used with 'on-failure'");
    }
    return switch (n) {
      case "", "no" -> NO;
      case "always" -> ALWAYS;
      case "unless-stopped" -> UNLESS_STOPPED;
      case "on-failure" -> new OnFailure(maximumRetryCount);
      default -> throw new InvalidArgumentException(
          "invalid restart policy '" + n + "': expected no, on-failure[:max-retries], always or unless-stopped");
    };
  }
}
