package dev.berth.errors;

/**
 * Base of the engine's errors. Every message names the action, the object and the reason, as Docker's do
 * ("No such image: busybox:latest").
 */
public abstract sealed class BerthException extends RuntimeException
    permits NotFoundException, ConflictException, InvalidArgumentException, InvalidStateException, SystemException {
  protected BerthException(String message, Throwable cause) {
    super(message, cause);
  }
}
