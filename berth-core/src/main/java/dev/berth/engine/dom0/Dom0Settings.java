package dev.berth.engine.dom0;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How dom0 runs on this host.
 *
 * @param imageName the dom0 image ({@code dom0-image} in daemon.json; {@code dom0:latest} by default)
 * @param imageNamed true when the config names an image other than the default: a missing image is then a failure, not just "no dom0"
 * @param socket berthd's API socket, bind-mounted into the dom0 container at {@code /var/run/docker.sock}
 * @param stateDir where the boot log lives ({@code <data-root>/dom0})
 * @param environment what {@code ${VAR}} in the dom0 stack sees (berthd's environment)
 * @param exitWatch how long after its start a dom0 container that exits counts as a failed boot
 */
public record Dom0Settings(String imageName, boolean imageNamed, Path socket, Path stateDir, Map<String, String> environment,
    Duration exitWatch) {
  public static final String DEFAULT_IMAGE = "dom0:latest";

  public Dom0Settings {
    if (imageName == null || imageName.isBlank()) {
      imageName = DEFAULT_IMAGE;
      imageNamed = false;
    }
    Objects.requireNonNull(socket, "socket");
    Objects.requireNonNull(stateDir, "stateDir");
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    exitWatch = exitWatch == null ? Duration.ofSeconds(3) : exitWatch;
  }
}
