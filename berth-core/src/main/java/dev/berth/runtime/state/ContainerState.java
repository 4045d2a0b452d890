package dev.berth.runtime.state;

import java.time.Instant;
import java.util.Objects;

/**
 * A container's lifecycle state, one record per state as runc models it, so that data exists only where it
 * means something: a pid only while a process lives, an exit code only once one has ended. New states are
 * made only through {@link Transitions}, which enforces Docker's state machine.
 *
 * <p>The accessors with default bodies answer the questions Docker's {@code State} object answers for
 * {@code inspect} (note that Docker reports {@code Running: true} for paused and restarting containers too).
 */
public sealed interface ContainerState
    permits ContainerState.Created,
        ContainerState.Running,
        ContainerState.Paused,
        ContainerState.Restarting,
        ContainerState.Exited,
        ContainerState.Dead,
        ContainerState.Removing {

  /** Fresh from {@code create}; exitCode and error are set only after a failed start (Docker keeps "created"). */
  record Created(int exitCode, String error) implements ContainerState {
    public static Created fresh() {
      return new Created(0, null);
    }
  }

  /** The container's init process {@code pid} runs since {@code startedAt}. */
  record Running(long pid, Instant startedAt) implements ContainerState {
    public Running {
      if (pid <= 0) throw new IllegalArgumentException("a running container needs a positive pid, got " + pid);
      Objects.requireNonNull(startedAt, "startedAt");
    }
  }

  /** Frozen by the cgroup freezer; the process {@code pid} still exists. */
  record Paused(long pid, Instant startedAt) implements ContainerState {
    public Paused {
      if (pid <= 0) throw new IllegalArgumentException("a paused container needs a positive pid, got " + pid);
      Objects.requireNonNull(startedAt, "startedAt");
    }
  }

  /** The process ended and the restart policy will start it again after a back-off delay. */
  record Restarting(int exitCode, Instant startedAt, Instant finishedAt, boolean oomKilled)
      implements ContainerState {
    public Restarting {
      Objects.requireNonNull(startedAt, "startedAt");
      Objects.requireNonNull(finishedAt, "finishedAt");
    }
  }

  /** The process ended (or a start failed after it had run once); {@code error} is the engine's, if any. */
  record Exited(int exitCode, Instant startedAt, Instant finishedAt, boolean oomKilled, String error)
      implements ContainerState {
    public Exited {
      Objects.requireNonNull(finishedAt, "finishedAt");
    }
  }

  /** Removal failed half-way; only another removal may follow. */
  record Dead(String error) implements ContainerState {}

  /** Removal is in progress; {@code previous} is restored if it is abandoned. */
  record Removing(ContainerState previous) implements ContainerState {
    public Removing {
      Objects.requireNonNull(previous, "previous");
      if (previous instanceof Removing) throw new IllegalArgumentException("removal is already in progress");
    }
  }

  /** This state's name, as Docker's {@code State.Status}. */
  default Status status() {
    return switch (this) {
      case Created c -> Status.CREATED;
      case Running r -> Status.RUNNING;
      case Paused p -> Status.PAUSED;
      case Restarting r -> Status.RESTARTING;
      case Exited e -> Status.EXITED;
      case Dead d -> Status.DEAD;
      case Removing r -> Status.REMOVING;
    };
  }

  /** The init process, or 0 when none lives (Docker's {@code State.Pid}). */
  default long pid() {
    return switch (this) {
      case Running r -> r.pid();
      case Paused p -> p.pid();
      case Removing r -> r.previous().pid();
      case Created c -> 0;
      case Restarting r -> 0;
      case Exited e -> 0;
      case Dead d -> 0;
    };
  }

  /** Docker's {@code State.Running}: true while a process exists or is about to be restarted. */
  default boolean isRunning() {
    return switch (this) {
      case Running r -> true;
      case Paused p -> true;
      case Restarting r -> true;
      case Removing r -> r.previous().isRunning();
      case Created c -> false;
      case Exited e -> false;
      case Dead d -> false;
    };
  }

  /** The last exit code, 0 if the container never exited (Docker's {@code State.ExitCode}). */
  default int exitCode() {
    return switch (this) {
      case Created c -> c.exitCode();
      case Restarting r -> r.exitCode();
      case Exited e -> e.exitCode();
      case Removing r -> r.previous().exitCode();
      case Running r -> 0;
      case Paused p -> 0;
      case Dead d -> 0;
    };
  }

  /** The engine's last error message, or null (Docker's {@code State.Error}). */
  default String error() {
    return switch (this) {
      case Created c -> c.error();
      case Exited e -> e.error();
      case Dead d -> d.error();
      case Removing r -> r.previous().error();
      case Running r -> null;
      case Paused p -> null;
      case Restarting r -> null;
    };
  }

  /** When the current or last process started, or null if none ever did. */
  default Instant startedAt() {
    return switch (this) {
      case Running r -> r.startedAt();
      case Paused p -> p.startedAt();
      case Restarting r -> r.startedAt();
      case Exited e -> e.startedAt();
      case Removing r -> r.previous().startedAt();
      case Created c -> null;
      case Dead d -> null;
    };
  }

  /** When the last process ended, or null. */
  default Instant finishedAt() {
    return switch (this) {
      case Restarting r -> r.finishedAt();
      case Exited e -> e.finishedAt();
      case Removing r -> r.previous().finishedAt();
      case Created c -> null;
      case Running r -> null;
      case Paused p -> null;
      case Dead d -> null;
    };
  }

  /** Whether the kernel's OOM killer ended the last process. */
  default boolean oomKilled() {
    return switch (this) {
      case Restarting r -> r.oomKilled();
      case Exited e -> e.oomKilled();
      case Removing r -> r.previous().oomKilled();
      case Created c -> false;
      case Running r -> false;
      case Paused p -> false;
      case Dead d -> false;
    };
  }
}
