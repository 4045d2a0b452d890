package dev.berth.engine.stack;

import dev.berth.engine.ContainerService;
import dev.berth.engine.ImageService;
import dev.berth.engine.NetworkService;
import dev.berth.engine.StackService;
import dev.berth.engine.VolumeService;
import dev.berth.stack.Service;
import dev.berth.stack.StackFile;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The engine's stack service: reads the host ({@link HostReader}), checks the stack against it ({@link Validator}),
 * plans ({@link Planner}) and converges ({@link Converger}). Applies and downs are serialized by one lock,
 * so two applies (say dom0 at boot and a user's) never plan against each other's half-done work.
 */
public final class LocalStackService implements StackService {
  private final StackEngine engine;
  private final Object applyLock = new Object();
  private final StackVersions versions;

  /**
   * @param containers the container service (a supplier: the engine has none on a host without runc, and asking
   *     then raises its SystemException)
   */
  public LocalStackService(Supplier<ContainerService> containers, NetworkService networks, VolumeService volumes,
      ImageService images) {
    this(containers, networks, volumes, images, null);
  }

  /** @param versionsRoot where each project's versions are recorded ({@code <data-root>/stacks}); null: nowhere */
  public LocalStackService(Supplier<ContainerService> containers, NetworkService networks, VolumeService volumes,
      ImageService images, java.nio.file.Path versionsRoot) {
    this.versions = new StackVersions(versionsRoot);
    this.engine = new StackEngine(Objects.requireNonNull(containers, "containers"), Objects.requireNonNull(networks, "networks"),
        Objects.requireNonNull(volumes, "volumes"), Objects.requireNonNull(images, "images"));
  }

  @Override
  public Plan plan(String project, StackFile stack, ApplyOptions options) {
    return prepare(project, stack, options).toPlan();
  }

  @Override
  public ApplyReport apply(String project, StackFile stack, ApplyOptions options, Consumer<StepResult> progress) {
    synchronized (applyLock) {
      return applyAndRecord(project, stack, options, progress, null);
    }
  }

  @Override
  public List<Version> versions(String project) {
    return versions.list(project);
  }

  @Override
  public ApplyReport rollback(String project, ApplyOptions options, Consumer<StepResult> progress) {
    synchronized (applyLock) {
      Version target = Rollback.target(project, versions.list(project));
      Rollback.restoreTags(project, target, engine.images());
      return applyAndRecord(project, target.stack(), options, progress, target.number());
    }
  }

  /** Under the lock: plans, converges, and records a version when nothing failed and something is new. */
  private ApplyReport applyAndRecord(String project, StackFile stack, ApplyOptions options, Consumer<StepResult> progress,
      Integer rollbackOf) {
    StackPlan plan = prepare(project, stack, options);
    ApplyReport report = new Converger(engine, effective(options), progress).run(plan);
    if (!report.failed()) Rollback.record(versions, report.project(), stack, imageIds(report.project(), stack), rollbackOf);
    return report;
  }

  /** Each service's image ID now; a service whose image is missing is left out. */
  private java.util.Map<String, String> imageIds(String project, StackFile stack) {
    StackNames names = new StackNames(project, stack);
    java.util.Map<String, String> ids = new java.util.TreeMap<>();
    for (Service s : stack.services()) {
      try {
        ids.put(s.name(), engine.images().inspect(names.image(s)).id().toString());
      } catch (dev.berth.errors.NotFoundException e) {
        // not recorded: the version says only what it knows
      }
    }
    return ids;
  }

  @Override
  public List<StackSummary> list() {
    return Projects.list(engine.containers());
  }

  @Override
  public DownReport down(String project, boolean removeVolumes) {
    synchronized (applyLock) {
      return Projects.down(engine, project, removeVolumes);
    }
  }

  /** Null options, or a null health timeout, mean the defaults. */
  private static ApplyOptions effective(ApplyOptions options) {
    if (options == null) return ApplyOptions.DEFAULTS;
    return options.healthTimeout() != null ? options
        : new ApplyOptions(options.removeOrphans(), ApplyOptions.DEFAULTS.healthTimeout());
  }

  /**
   * Reads the host, refuses a stack that cannot be applied (StackFileException), and plans. A null {@code project}
   * means the file's top-level {@code name:}.
   */
  private StackPlan prepare(String project, StackFile stack, ApplyOptions options) {
    Objects.requireNonNull(stack, "stack");
    StackNames names = new StackNames(project != null ? project : stack.name(), stack);
    Set<String> images = new LinkedHashSet<>();
    for (Service s : stack.services()) images.add(names.image(s));
    HostState host = HostReader.read(names.project(), images, engine.containers(), engine.networks(), engine.volumes(), engine.images());
    Validator.check(names, host);
    return Planner.plan(names, host, effective(options).removeOrphans());
  }
}
