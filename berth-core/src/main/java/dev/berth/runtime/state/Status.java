package dev.berth.runtime.state;

import java.util.Locale;

/**
 * The name of a container state, spelled as Docker's {@code State.Status} ("created", "running", …). It is the
 * key of the transition table and what the API reports; the per-state data lives in {@link ContainerState}.
 */
public enum Status {
  CREATED,
  RUNNING,
  PAUSED,
  RESTARTING,
  REMOVING,
  EXITED,
  DEAD;

  /** Docker's lower-case spelling, e.g. {@code "running"}. */
  public String dockerName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return dockerName();
  }
}
