package dev.berth.client;

/** The client's own version and the newest Docker Engine API version it speaks. */
public final class Versions {
  private Versions() {}

  public static final String CLIENT_VERSION = "0.1.0";

  /** The newest API version this client knows; negotiation only ever lowers it. */
  public static final String MAX_API_VERSION = "1.47";

  /** What the docker client assumes when a daemon's {@code /_ping} names no version. */
  public static final String FALLBACK_API_VERSION = "1.24";

  /** Compares dotted versions numerically: "1.9" is older than "1.24". */
  public static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int xi = i < x.length ? parse(x[i]) : 0;
      int yi = i < y.length ? parse(y[i]) : 0;
      if (xi != yi) return Integer.compare(xi, yi);
    }
    return 0;
  }

  private static int parse(String part) {
    try {
      return Integer.parseInt(part);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
