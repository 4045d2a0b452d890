package dev.berth.engine;

import dev.berth.stack.StackFile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stacks: converging the host to a {@link StackFile}, as {@code berth apply} and dom0 do. A stack's containers,
 * networks and volumes carry Compose's labels ({@code com.docker.compose.project}, {@code .service},
 * {@code .container-number}, {@code .config-hash}, {@code .network}, {@code .volume}), which is how the engine finds
 * them again: there is no other stack state. Names follow Compose v2: containers {@code <project>-<service>-<n>},
 * networks and volumes {@code <project>_<name>}, the image of a {@code build:} service {@code <project>-<service>}.
 *
 * <p>Errors: {@code StackFileException} when the stack cannot be applied on this host at all (a missing external
 * network or volume, a host port a container outside the project holds, a container name taken outside it),
 * raised before anything changes; a failure in the middle of an apply (an image missing for a service that must
 * be created, as issue 7 asks, or a start that fails) is a {@link StepResult} with outcome FAILED, the services
 * that need it are SKIPPED, the steps already done stay done, and a re-run finishes the job.
 */
public interface StackService {
  /** What {@link #apply} would do now, changing nothing. */
  Plan plan(String project, StackFile stack, ApplyOptions options);

  /**
   * Converges: networks and volumes first, then orphans when asked, then services in dependency order (waiting
   * for health where a dependant asks for {@code service_healthy}). {@code progress} sees each step as it
   * ends. A second apply of the same stack changes nothing and its report says so.
   */
  ApplyReport apply(String project, StackFile stack, ApplyOptions options, Consumer<StepResult> progress);

  /** The projects that have containers on this host, by name. */
  List<StackSummary> list();

  /** Stops and removes the project's containers and networks, and with {@code removeVolumes} its volumes. */
  DownReport down(String project, boolean removeVolumes);

  /**
   * The versions of the project applied on this host, oldest first (issue 8): each apply that ended with no
   * failed step and changed the stack or an image its services use adds one. An engine that keeps no versions
   * has none.
   */
  default List<Version> versions(String project) {
    return List.of();
  }

  /**
   * Re-applies the version before the newest: its tags are moved back to the image IDs it recorded (checked
   * first: a pruned image is a NotFoundException and nothing changes), then its stack is applied and recorded as
   * a new version with {@code rollbackOf} set. A second rollback therefore returns to the version the first
   * one undid.
   */
  default ApplyReport rollback(String project, ApplyOptions options, Consumer<StepResult> progress) {
    throw new dev.berth.errors.InvalidArgumentException("rollback stack " + project + ": this engine keeps no versions");
  }

  /**
   * {@code removeOrphans}: remove the project's containers whose service the stack no longer has.
   * {@code healthTimeout}: how long to wait for a {@code service_healthy} dependency.
   */
  record ApplyOptions(boolean removeOrphans, Duration healthTimeout) {
    public static final ApplyOptions DEFAULTS = new ApplyOptions(false, Duration.ofMinutes(2));
  }

  /** The plan: every network, volume and service of the stack (and orphans), with what happens to it and why. */
  record Plan(String project, List<PlannedStep> steps) {
    public Plan {
      steps = List.copyOf(steps);
    }

    /** True when every step is KEEP: the host already matches the stack. */
    public boolean unchanged() {
      return steps.stream().allMatch(s -> s.action() == Action.KEEP);
    }
  }

  /** One object and what happens to it; {@code reason} says why in words ("config changed: environment"). */
  record PlannedStep(Kind kind, String name, Action action, String reason) {}

  enum Kind { NETWORK, VOLUME, SERVICE }

  /** CREATE: missing. RECREATE: config or image changed. START: exists, stopped. KEEP: as wanted. REMOVE: orphan. */
  enum Action { CREATE, RECREATE, START, KEEP, REMOVE }

  /** How one step ended; {@code containerId} for services (null otherwise), {@code error} when FAILED. */
  record StepResult(PlannedStep step, Outcome outcome, String containerId, String error) {}

  enum Outcome { DONE, FAILED, SKIPPED }

  record ApplyReport(String project, List<StepResult> results) {
    public ApplyReport {
      results = List.copyOf(results);
    }

    public boolean unchanged() {
      return results.stream().allMatch(r -> r.step().action() == Action.KEEP);
    }

    public boolean failed() {
      return results.stream().anyMatch(r -> r.outcome() == Outcome.FAILED);
    }
  }

  /** One project: its services, how many containers run of how many, and the newest container's creation. */
  record StackSummary(String project, List<String> services, int running, int total, Instant updated) {
    public StackSummary {
      services = List.copyOf(services);
    }
  }

  /**
   * One applied version of a project: its number (1, 2, ...), the sha256 of the stack's canonical JSON, when it
   * was applied (ISO-8601, UTC), the image ID each service's image resolved to ({@code service -> sha256:...}), the stack itself,
   * and for a rollback the number of the version it re-applied (null otherwise).
   */
  record Version(int number, String digest, String time, java.util.Map<String, String> images, StackFile stack,
      Integer rollbackOf) {
    public Version {
      images = java.util.Map.copyOf(images);
    }
  }

  record DownReport(List<String> containers, List<String> networks, List<String> volumes) {
    public DownReport {
      containers = List.copyOf(containers);
      networks = List.copyOf(networks);
      volumes = List.copyOf(volumes);
    }
  }
}
