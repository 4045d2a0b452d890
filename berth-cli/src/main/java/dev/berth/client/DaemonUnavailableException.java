package dev.berth.client;

import java.io.IOException;

/** Nothing answers at the daemon's address; the message is the one the docker CLI prints, for Berth. */
public final class DaemonUnavailableException extends IOException {
  public DaemonUnavailableException(DaemonHost host, Throwable cause) {
    super("Cannot connect to the Berth daemon at " + host.uri() + ". Is berthd running?", cause);
  }

  /** A failure explained in full by its message, such as an ssh bridge refused by the remote host. */
  public DaemonUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
