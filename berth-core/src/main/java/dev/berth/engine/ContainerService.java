package dev.berth.engine;

import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.ResourceConfig;
import dev.berth.runtime.container.RestartPolicy;
import dev.berth.runtime.monitor.LogQuery;
import dev.berth.runtime.monitor.LogRecord;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Everything the front ends may do with containers, with Docker's semantics. A {@code ref} is found as Docker
 * finds it: full ID, name (with or without the leading slash), or an unambiguous ID prefix. Errors:
 * NotFoundException ("No such container: x"), ConflictException (name taken, running container removed
 * without force, illegal state transition naming both states), InvalidArgumentException (bad config).
 * Every change publishes a container event on the engine's event bus (create, start, die with exitCode,
 * stop, kill with signal, pause, unpause, restart, rename, update, destroy, attach, resize, health_status).
 */
public interface ContainerService {
  /**
   * Creates a container from {@code request} (its image reference is in {@code basic().image()}), merging the
   * image's config into it as Docker does; {@code name} may be null (one is generated). Nothing is left behind
   * when it fails.
   */
  Created create(String name, ContainerConfig request);

  /** Starts it; false (the API's 304) when it already runs. Pending {@link #attach} calls connect before the process runs. */
  boolean start(String ref);

  /**
   * Sends the stop signal ({@code signal}, else the container's), waits {@code timeoutSeconds} (null: the
   * container's StopTimeout, else 10; -1: forever), then SIGKILL; false (304) when it does not run.
   */
  boolean stop(String ref, Integer timeoutSeconds, String signal);

  void restart(String ref, Integer timeoutSeconds, String signal);

  /** Sends {@code signal} (name or number; null: SIGKILL); ConflictException when it does not run. */
  void kill(String ref, String signal);

  void pause(String ref);

  void unpause(String ref);

  /**
   * Completes when the condition is met. The wait is registered before this returns, so a caller may wait
   * for {@code NEXT_EXIT} and then start the container without missing the exit.
   */
  CompletableFuture<WaitResult> waitFor(String ref, WaitCondition condition);

  /** As {@code docker rm}: {@code force} kills a running one first; {@code removeVolumes} removes its anonymous volumes. */
  void remove(String ref, boolean force, boolean removeVolumes);

  ContainerView inspect(String ref);

  /** Newest first; {@code all} false leaves out containers that do not run; filters as Docker's ps. */
  List<ContainerView> list(ListOptions options);

  void rename(String ref, String newName);

  /** Changes limits and/or the restart policy (null: unchanged) of a container; returns warnings. */
  List<String> update(String ref, ResourceConfig resources, RestartPolicy restartPolicy);

  /** Removes stopped containers matching the filters ({@code until}, {@code label}). */
  PruneReport prune(Map<String, List<String>> filters);

  /**
   * Writes the log entries the query selects to {@code sink}, in order; with {@code follow} it returns only
   * when the container has stopped and everything was written, or when {@code sink} answers false.
   */
  void logs(String ref, LogQuery query, Predicate<LogRecord> sink);

  /**
   * Attaches to the container's stdio. Attaching to a container that does not run yet is allowed (the CLI
   * attaches before it starts): the returned attachment connects when the container next starts, before its
   * process runs, so no output is lost.
   */
  Attachment attach(String ref, AttachOptions options);

  /** Resizes the container's terminal; ConflictException when it does not run or has no terminal. */
  void resize(String ref, int rows, int cols);

  /** {@code docker top}: the ps columns ({@code psArgs}, default "-ef") for the container's processes. */
  Top top(String ref, String psArgs);

  /** One sample of the container's resource use ({@code stats --no-stream}). */
  Stats stats(String ref);

  /** Facts about a path in the container's filesystem (HEAD /archive); NotFoundException when absent. */
  PathStat statPath(String ref, String path);

  /** Writes a tar of {@code path} in the container's filesystem to {@code out} (GET /archive). */
  PathStat getArchive(String ref, String path, OutputStream out);

  /** Extracts a tar into directory {@code path} of the container's filesystem (PUT /archive). */
  void putArchive(String ref, String path, InputStream tar, boolean noOverwriteDirNonDir, boolean copyUidGid);

  /** Makes an image of the container's changes (a snapshot diff as one new layer). */
  Image commit(String ref, CommitOptions options);

  /** The answer of create. */
  record Created(String id, List<String> warnings) {
    public Created {
      warnings = List.copyOf(warnings);
    }
  }

  /** Docker's {@code wait?condition=}. */
  enum WaitCondition {
    NOT_RUNNING, NEXT_EXIT, REMOVED;

    public static WaitCondition parse(String s) {
      return switch (s == null || s.isEmpty() ? "not-running" : s) {
        case "not-running" -> NOT_RUNNING;
        case "next-exit" -> NEXT_EXIT;
        case "removed" -> REMOVED;
        default -> throw new dev.berth.errors.InvalidArgumentException(
            "invalid condition: \"" + s + "\" (want not-running, next-exit or removed)");
      };
    }
  }

  /** How a wait ended: the exit code, and the engine's error (null if none). */
  record WaitResult(int statusCode, String error) {}

  record ListOptions(boolean all, int limit, boolean size, Map<String, List<String>> filters) {
    public ListOptions {
      filters = filters == null ? Map.of() : Map.copyOf(filters);
    }

    public static final ListOptions RUNNING = new ListOptions(false, -1, false, Map.of());
    public static final ListOptions ALL = new ListOptions(true, -1, false, Map.of());
  }

  /**
   * Docker's attach query: which streams, whether to replay the log first ({@code logs}), whether to stream
   * live output ({@code stream}), and the detach key sequence (null: Docker's ctrl-p,ctrl-q).
   */
  record AttachOptions(boolean stdin, boolean stdout, boolean stderr, boolean logs, boolean stream, String detachKeys) {}

  record PruneReport(List<String> deleted, long spaceReclaimed) {
    public PruneReport {
      deleted = List.copyOf(deleted);
    }
  }

  /** {@code docker top}'s answer: column titles and one row per process. */
  record Top(List<String> titles, List<List<String>> processes) {
    public Top {
      titles = List.copyOf(titles);
      processes = processes.stream().map(List::copyOf).toList();
    }
  }

  /**
   * One sample: memory use and limit (bytes), total CPU time of the container (ns) and of the host (ns,
   * {@code system_cpu_usage}), online CPUs, pids, and network/block I/O totals (0 when unknown).
   */
  record Stats(
      java.time.Instant read,
      long memoryUsage,
      long memoryLimit,
      long cpuTotalNanos,
      long systemCpuNanos,
      int onlineCpus,
      long pids,
      long blockRead,
      long blockWrite) {}

  /** A path's header as Docker's {@code X-Docker-Container-Path-Stat}: name, size, mode (Go FileMode bits), mtime, link target. */
  record PathStat(String name, long size, long mode, java.time.Instant mtime, String linkTarget) {}

  /**
   * {@code docker commit}: target reference (may be null), message, author, Dockerfile {@code changes}, pause while
   * committing. The builder also gives the {@code config} the image gets instead of the container's (null: the
   * container's) and the history's {@code createdBy} (null: the Cmd, as {@code docker commit} writes it).
   */
  record CommitOptions(String reference, String comment, String author, List<String> changes, boolean pause,
      dev.berth.oci.ImageConfig.ContainerConfig config, String createdBy) {
    public CommitOptions {
      changes = changes == null ? List.of() : List.copyOf(changes);
    }

    public CommitOptions(String reference, String comment, String author, List<String> changes, boolean pause) {
      this(reference, comment, author, changes, pause, null, null);
    }
  }
}
