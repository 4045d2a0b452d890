package dev.berth.build.dockerfile;

import dev.berth.errors.InvalidArgumentException;

/**
 * A Dockerfile that cannot be read: the message starts with the location ({@code Dockerfile:3:7: }) and says
 * what was expected and what was found.
 */
public final class DockerfileException extends InvalidArgumentException {
  private final transient Location location;

  public DockerfileException(Location location, String message) {
    super(location + ": " + message);
    this.location = location;
  }

  public Location location() {
    return location;
  }
}
