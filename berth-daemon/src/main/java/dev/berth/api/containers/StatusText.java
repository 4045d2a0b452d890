package dev.berth.api.containers;

import dev.berth.engine.ContainerView;
import dev.berth.runtime.state.ContainerState;
import java.time.Duration;
import java.time.Instant;

/**
 * The {@code Status} column of {@code docker ps}, worded as Docker words it: "Up 3 seconds",
 * "Up 2 minutes (Paused)", "Up 5 seconds (healthy)", "Exited (0) 2 seconds ago", "Restarting (1) 4 seconds
 * ago", "Created", "Removal In Progress", "Dead".
 */
final class StatusText {
  private StatusText() {}

  static String of(ContainerState state, ContainerView.Health health, Instant now) {
    return switch (state) {
      case ContainerState.Running r -> "Up " + human(Duration.between(r.startedAt(), now)) + healthSuffix(health);
      case ContainerState.Paused p -> "Up " + human(Duration.between(p.startedAt(), now)) + " (Paused)";
      case ContainerState.Restarting r -> "Restarting (" + r.exitCode() + ") " + human(Duration.between(r.finishedAt(), now)) + " ago";
      case ContainerState.Exited e -> "Exited (" + e.exitCode() + ") " + human(Duration.between(e.finishedAt(), now)) + " ago";
      case ContainerState.Created c -> "Created";
      case ContainerState.Removing r -> "Removal In Progress";
      case ContainerState.Dead d -> "Dead";
    };
  }

  private static String healthSuffix(ContainerView.Health health) {
    if (health == null || health.status() == null || health.status().isEmpty() || health.status().equals("none")) return "";
    return health.status().equals("starting") ? " (health: starting)" : " (" + health.status() + ")";
  }

  /** Docker's (go-units) HumanDuration: "Less than a second", "1 second", "About a minute", "3 hours", "2 weeks". */
  static String human(Duration d) {
    long seconds = Math.max(0, d.toSeconds());
    if (seconds < 1) return "Less than a second";
    if (seconds == 1) return "1 second";
    if (seconds < 60) return seconds + " seconds";
    long minutes = d.toMinutes();
    if (minutes == 1) return "About a minute";
    if (minutes < 60) return minutes + " minutes";
    long hours = Math.round(d.toMillis() / 3_600_000.0);
    if (hours == 1) return "About an hour";
    if (hours < 48) return hours + " hours";
    if (hours < 24 * 7 * 2) return hours / 24 + " days";
    if (hours < 24 * 30 * 2) return hours / 24 / 7 + " weeks";
    if (hours < 24 * 365 * 2) return hours / 24 / 30 + " months";
    return hours / 24 / 365 + " years";
  }
}
