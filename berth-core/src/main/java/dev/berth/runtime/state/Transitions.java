package dev.berth.runtime.state;

import dev.berth.errors.InvalidStateException;
import dev.berth.runtime.state.ContainerState.Created;
import dev.berth.runtime.state.ContainerState.Dead;
import dev.berth.runtime.state.ContainerState.Exited;
import dev.berth.runtime.state.ContainerState.Paused;
import dev.berth.runtime.state.ContainerState.Removing;
import dev.berth.runtime.state.ContainerState.Restarting;
import dev.berth.runtime.state.ContainerState.Running;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The moves between container states, as Docker's daemon makes them. Each operation checks the move against
 * the table below and returns the next state; an illegal move throws {@link InvalidStateException} naming
 * both states (HTTP 409).
 *
 * <pre>
 * from        to                              by
 * created     running                         start
 *             created                         start failed (Docker keeps "created", records code and error)
 *             removing                        rm
 * running     paused                          pause
 *             exited                          the process ended (stop, kill, own exit)
 *             restarting                      the process ended and the restart policy says restart
 * paused      running                         unpause
 *             exited | restarting             the process ended while frozen (kill, OOM)
 * restarting  running                         the back-off elapsed and the restart succeeded
 *             exited                          stop/kill cancelled the restart, or the restart failed
 * exited      running                         start
 *             exited                          start failed
 *             removing                        rm
 * removing    dead                            removal failed half-way (some files could not be deleted)
 *             created | exited | dead         removal abandoned before anything was deleted: back to before
 * dead        removing                        rm
 * </pre>
 *
 * "dead" is entered only from "removing", as Docker marks a container dead only when its removal failed part
 * of the way (and at load, a dead container is offered for removal again). A running, paused or restarting
 * container is never removed directly: {@code rm -f} stops it first, as in
 * Docker, so "removing" is entered only from a state without a process.
 */
public final class Transitions {
  private Transitions() {}

  private static final Map<Status, Set<Status>> ALLOWED = table();

  private static Map<Status, Set<Status>> table() {
    Map<Status, Set<Status>> t = new EnumMap<>(Status.class);
    t.put(Status.CREATED, EnumSet.of(Status.RUNNING, Status.CREATED, Status.REMOVING));
    t.put(Status.RUNNING, EnumSet.of(Status.PAUSED, Status.EXITED, Status.RESTARTING));
    t.put(Status.PAUSED, EnumSet.of(Status.RUNNING, Status.EXITED, Status.RESTARTING));
    t.put(Status.RESTARTING, EnumSet.of(Status.RUNNING, Status.EXITED));
    t.put(Status.EXITED, EnumSet.of(Status.RUNNING, Status.EXITED, Status.REMOVING));
    t.put(Status.REMOVING, EnumSet.of(Status.DEAD, Status.CREATED, Status.EXITED));
    t.put(Status.DEAD, EnumSet.of(Status.REMOVING));
    for (Status s : Status.values()) t.put(s, Set.copyOf(t.get(s)));
    return Map.copyOf(t);
  }

  /** Whether the table allows a move from {@code from} to {@code to}. */
  public static boolean allowed(Status from, Status to) {
    return ALLOWED.get(from).contains(to);
  }

  /**
   * Throws unless the move is allowed. {@code container} names the object in the message, e.g.
   * {@code "container 3f2a…"}.
   */
  public static void check(String container, ContainerState from, Status to) {
    if (!allowed(from.status(), to)) throw new InvalidStateException(container, from.status().dockerName(), to.dockerName());
  }

  /** {@code start}: the runtime started the init process {@code pid}. */
  public static Running start(String container, ContainerState from, long pid, Instant at) {
    check(container, from, Status.RUNNING);
    if (from instanceof Paused) throw new InvalidStateException(container, "paused", "running (use unpause)");
    return new Running(pid, at);
  }

  /**
   * {@code start} failed before a process ran: Docker records the code (126/127/128) and the error and keeps
   * the container where it was; a failed restart ends in "exited".
   */
  public static ContainerState startFailed(String container, ContainerState from, int exitCode, String error, Instant at) {
    return switch (from) {
      case Created c -> {
        check(container, from, Status.CREATED);
        yield new Created(exitCode, error);
      }
      case Exited e -> {
        check(container, from, Status.EXITED);
        yield new Exited(exitCode, e.startedAt(), at, false, error);
      }
      case Restarting r -> {
        check(container, from, Status.EXITED);
        yield new Exited(exitCode, r.startedAt(), at, false, error);
      }
      case Running r -> throw new InvalidStateException(container, "running", "exited (start failed)");
      case Paused p -> throw new InvalidStateException(container, "paused", "exited (start failed)");
      case Dead d -> throw new InvalidStateException(container, "dead", "running");
      case Removing r -> throw new InvalidStateException(container, "removing", "running");
    };
  }

  /** {@code pause}: the cgroup was frozen. */
  public static Paused pause(String container, ContainerState from) {
    check(container, from, Status.PAUSED);
    return new Paused(from.pid(), from.startedAt());
  }

  /** {@code unpause}: the cgroup was thawed. */
  public static Running unpause(String container, ContainerState from) {
    if (!(from instanceof Paused p)) throw new InvalidStateException(container, from.status().dockerName(), "running (unpause)");
    return new Running(p.pid(), p.startedAt());
  }

  /** The process ended and will not be restarted. {@code error} is the engine's message, usually null. */
  public static Exited exited(String container, ContainerState from, int exitCode, Instant at, boolean oomKilled, String error) {
    check(container, from, Status.EXITED);
    if (from instanceof Restarting || from instanceof Exited) {
      throw new InvalidStateException(container, from.status().dockerName(), "exited (no process to end)");
    }
    return new Exited(exitCode, from.startedAt(), at, oomKilled, error);
  }

  /** The process ended and the restart policy will start it again. */
  public static Restarting restarting(String container, ContainerState from, int exitCode, Instant at, boolean oomKilled) {
    check(container, from, Status.RESTARTING);
    return new Restarting(exitCode, from.startedAt(), at, oomKilled);
  }

  /** {@code stop}/{@code kill} during the back-off: the container stays down with its last exit. */
  public static Exited cancelRestart(String container, ContainerState from) {
    if (!(from instanceof Restarting r)) throw new InvalidStateException(container, from.status().dockerName(), "exited (cancel restart)");
    return new Exited(r.exitCode(), r.startedAt(), r.finishedAt(), r.oomKilled(), null);
  }

  /** {@code rm} begins: the container is hidden from new operations until removed or restored. */
  public static Removing beginRemoval(String container, ContainerState from) {
    check(container, from, Status.REMOVING);
    return new Removing(from);
  }

  /** {@code rm} gave up before deleting anything: back to the state before it. */
  public static ContainerState abortRemoval(String container, ContainerState from) {
    if (!(from instanceof Removing r)) throw new InvalidStateException(container, from.status().dockerName(), "its state before removal");
    check(container, from, r.previous().status());
    return r.previous();
  }

  /** {@code rm} failed after deleting part of the container: only another removal may follow. */
  public static Dead removalFailed(String container, ContainerState from, String error) {
    check(container, from, Status.DEAD);
    return new Dead(error);
  }
}
