package dev.berth.api;

import dev.berth.errors.BerthException;
import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.InvalidStateException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where engine errors become HTTP answers, with Docker's statuses: 400 bad parameter, 404 no
 * such object, 409 conflict or illegal state, 500 for host failures and anything unexpected (logged with its
 * stack, since it is a bug or an outage, not the client's fault).
 */
public final class ErrorMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  private ErrorMapper() {}

  /** The status and the body of {@code {"message": …}}. */
  public record ApiError(int status, String message) {
    public ErrorResponse body() {
      return new ErrorResponse(message);
    }
  }

  /** Docker's error body. */
  public record ErrorResponse(@com.fasterxml.jackson.annotation.JsonProperty("message") String message) {}

  public static ApiError map(Throwable error) {
    if (error instanceof BerthException b) return map(b);
    LOG.error("unexpected error while serving a request", error);
    String what = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    return new ApiError(500, withCause(what, error.getCause()));
  }

  public static ApiError map(BerthException error) {
    return switch (error) {
      case InvalidArgumentException e -> new ApiError(400, e.getMessage());
      case NotFoundException e -> new ApiError(404, e.getMessage());
      case ConflictException e -> new ApiError(409, e.getMessage());
      case InvalidStateException e -> new ApiError(409, e.getMessage());
      case SystemException e -> {
        LOG.error("system error while serving a request", e);
        yield new ApiError(500, withCause(e.getMessage(), e.getCause()));
      }
    };
  }

  private static String withCause(String message, Throwable cause) {
    if (cause == null || cause.getMessage() == null || message.contains(cause.getMessage())) return message;
    return message + ": " + cause.getMessage();
  }
}
