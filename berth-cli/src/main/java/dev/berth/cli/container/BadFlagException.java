package dev.berth.cli.container;

/**
 * A flag's value the daemon would never accept, found before anything is sent. The command turns it into a
 * usage error (exit status 125) worded as the docker CLI words it:
 * {@code invalid argument "10x" for "-m, --memory" flag: invalid suffix: 'x'}, or, for checks across flags,
 * the bare reason.
 */
final class BadFlagException extends RuntimeException {
  BadFlagException(String flag, String value, String reason) {
    super("invalid argument \"" + value + "\" for \"" + flag + "\" flag: " + reason);
  }

  BadFlagException(String message) {
    super(message);
  }
}
