package dev.berth.api;

import dev.berth.errors.InvalidArgumentException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Engine API version such as 1.47. Berth advertises {@link #CURRENT} and accepts {@link #MINIMUM} to
 * {@link #CURRENT}; paths may carry a {@code /vX.Y} prefix or none (then the current version applies), as
 * dockerd does.
 */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
  public static final ApiVersion MINIMUM = new ApiVersion(1, 24);
  public static final ApiVersion CURRENT = new ApiVersion(1, 47);

  private static final Pattern PREFIX = Pattern.compile("^/v([0-9]+)\\.([0-9]+)(/.*)?$");

  public ApiVersion {
    if (major < 0 || minor < 0) throw new IllegalArgumentException("negative API version " + major + "." + minor);
  }

  /** The version and the rest of the path; a version outside the supported range is a 400 with Docker's words. */
  public record Split(ApiVersion version, String path) {}

  public static Split split(String path) {
    Matcher m = PREFIX.matcher(path);
    if (!m.matches()) return new Split(CURRENT, path);
    ApiVersion v;
    try {
      v = new ApiVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException("invalid API version in path " + path);
    }
    if (v.compareTo(CURRENT) > 0) {
      throw new InvalidArgumentException(
          "client version " + v + " is too new. Maximum supported API version is " + CURRENT);
    }
    if (v.compareTo(MINIMUM) < 0) {
      throw new InvalidArgumentException(
          "client version " + v + " is too old. Minimum supported API version is " + MINIMUM
              + ", please upgrade your client to a newer version");
    }
    String rest = m.group(3);
    return new Split(v, rest == null ? "/" : rest);
  }

  public boolean atLeast(ApiVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(ApiVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
