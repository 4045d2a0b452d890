package dev.berth.runtime.container;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.oci.Digest;
import dev.berth.runtime.state.ContainerState;
import dev.berth.runtime.state.ContainerState.Created;
import dev.berth.runtime.state.ContainerState.Dead;
import dev.berth.runtime.state.ContainerState.Exited;
import dev.berth.runtime.state.ContainerState.Paused;
import dev.berth.runtime.state.ContainerState.Removing;
import dev.berth.runtime.state.ContainerState.Restarting;
import dev.berth.runtime.state.ContainerState.Running;
import java.time.Instant;

/**
 * The on-disk JSON of a container, apart from the domain records so the file format can evolve on its own.
 * {@code config.json} holds what never changes but the name; {@code state.json} holds the lifecycle:
 * <pre>{"Status": "exited", "ExitCode": 137, "StartedAt": "2026-…Z", "FinishedAt": "2026-…Z",
 *  "OOMKilled": false, "RestartCount": 0, "ManuallyStopped": true}</pre>
 */
final class StoredForms {
  static final int VERSION = 1;

  private StoredForms() {}

  record ConfigFile(
      @JsonProperty("Version") int version,
      @JsonProperty("ID") ContainerId id,
      @JsonProperty("Name") String name,
      @JsonProperty("Created") String created,
      @JsonProperty("Image") Digest image,
      @JsonProperty("Config") ContainerConfig config) {

    static ConfigFile of(Container c) {
      return new ConfigFile(VERSION, c.id(), c.name(), c.created().toString(), c.imageId(), c.config());
    }
  }

  record StateFile(
      @JsonProperty("Status") String status,
      @JsonProperty("Pid") long pid,
      @JsonProperty("ExitCode") int exitCode,
      @JsonProperty("StartedAt") String startedAt,
      @JsonProperty("FinishedAt") String finishedAt,
      @JsonProperty("OOMKilled") boolean oomKilled,
      @JsonProperty("Error") String error,
      @JsonProperty("Previous") StateFile previous,
      @JsonProperty("RestartCount") int restartCount,
      @JsonProperty("ManuallyStopped") boolean manuallyStopped) {

    static StateFile of(Container c) {
      return encode(c.state(), c.restartCount(), c.manuallyStopped());
    }

    private static StateFile encode(ContainerState s, int restartCount, boolean manuallyStopped) {
      StateFile previous = s instanceof Removing r ? encode(r.previous(), 0, false) : null;
      return new StateFile(s.status().dockerName(), s.pid(), s.exitCode(), text(s.startedAt()), text(s.finishedAt()),
          s.oomKilled(), s.error(), previous, restartCount, manuallyStopped);
    }

    ContainerState toState() {
      if (status == null) throw new IllegalArgumentException("no Status");
      return switch (status) {
        case "created" -> new Created(exitCode, error);
        case "running" -> new Running(pid, time(startedAt));
        case "paused" -> new Paused(pid, time(startedAt));
        case "restarting" -> new Restarting(exitCode, time(startedAt), time(finishedAt), oomKilled);
        case "exited" -> new Exited(exitCode, startedAt == null ? null : time(startedAt), time(finishedAt), oomKilled, error);
        case "dead" -> new Dead(error);
        case "removing" -> {
          if (previous == null) throw new IllegalArgumentException("state removing without Previous");
          yield new Removing(previous.toState());
        }
        default -> throw new IllegalArgumentException("unknown Status '" + status + "'");
      };
    }
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  private static Instant time(String t) {
    if (t == null) throw new IllegalArgumentException("missing timestamp");
    return Instant.parse(t);
  }
}
