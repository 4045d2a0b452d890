package dev.berth.errors;

/**
 * An illegal state transition: "invalid state transition from X to Y". HTTP 409, naming both states.
 */
public final class InvalidStateException extends BerthException {
  private final String from;
  private final String to;

  public InvalidStateException(String object, String from, String to) {
    super(object + ": invalid state transition from " + from + " to " + to, null);
    this.from = from;
    this.to = to;
  }

  public String from() {
    return from;
  }

  public String to() {
    return to;
  }
}
