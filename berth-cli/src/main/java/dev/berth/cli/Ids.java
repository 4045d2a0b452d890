package dev.berth.cli;

/** Image IDs as the docker CLI shows them. */
public final class Ids {
  private Ids() {}

  /** {@code sha256:0123456789ab…} becomes {@code 0123456789ab}; anything else is kept. */
  public static String truncate(String id) {
    if (id == null) return "";
    String hex = id.startsWith("sha256:") ? id.substring(7) : id;
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }

  /** Truncated unless {@code noTrunc}. */
  public static String show(String id, boolean noTrunc) {
    return noTrunc ? id : truncate(id);
  }
}
