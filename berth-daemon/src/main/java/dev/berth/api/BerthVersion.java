package dev.berth.api;

/**
 * The versions Berth reports. Clients compare the engine version with Docker's (feature checks such as
 * "is the daemon at least 23"), so {@link #ENGINE} reads like a Docker release; Berth's own version is
 * reported beside it.
 */
public final class BerthVersion {
  /** The Docker release whose API and behaviour Berth follows. */
  public static final String ENGINE = "27.0.0";
  /** Berth's own version. */
  public static final String BERTH = "0.1.0";
  public static final String PLATFORM = "Berth Engine";

  private BerthVersion() {}

  public static String serverHeader() {
    return "Berth/" + BERTH + " (linux)";
  }
}
