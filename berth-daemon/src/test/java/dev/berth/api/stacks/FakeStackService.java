package dev.berth.api.stacks;

import dev.berth.engine.StackService;
import dev.berth.stack.Service;
import dev.berth.stack.StackFile;
import dev.berth.stack.StackFileException;
import dev.berth.stack.StackLocation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A StackService that plans one CREATE per service and "applies" by reporting each step. A service named
 * {@code refused} makes the stack unappliable (a StackFileException before any step); one named {@code broken}
 * fails its step; {@code afterFirstStep} holds the apply after its first step until the test counts it down.
 */
final class FakeStackService implements StackService {
  volatile String lastProject;
  volatile StackFile lastStack;
  volatile ApplyOptions lastOptions;
  volatile Boolean lastRemoveVolumes;
  volatile CountDownLatch afterFirstStep;
  volatile RuntimeException failAfterFirstStep;
  final List<StackSummary> summaries = new ArrayList<>();
  final List<Version> versions = new ArrayList<>();

  @Override
  public List<Version> versions(String project) {
    lastProject = project;
    return List.copyOf(versions);
  }

  /** Re-applies the version before the newest, as the engine does; refuses with fewer than two. */
  @Override
  public ApplyReport rollback(String project, ApplyOptions options, Consumer<StepResult> progress) {
    if (versions.size() < 2) throw new dev.berth.errors.InvalidArgumentException("rollback stack " + project + ": only one version of it is recorded on this host (version 1)");
    return apply(project, versions.get(versions.size() - 2).stack(), options, progress);
  }

  @Override
  public Plan plan(String project, StackFile stack, ApplyOptions options) {
    record(project, stack, options);
    List<PlannedStep> steps = new ArrayList<>();
    for (Service s : stack.services()) steps.add(new PlannedStep(Kind.SERVICE, s.name(), Action.CREATE, "missing"));
    return new Plan(project, steps);
  }

  @Override
  public ApplyReport apply(String project, StackFile stack, ApplyOptions options, Consumer<StepResult> progress) {
    if (stack.service("refused").isPresent()) {
      throw new StackFileException(List.of(
          new StackFileException.Problem(new StackLocation("stack.yml", 3), "image refused:1 is missing"),
          new StackFileException.Problem(new StackLocation("stack.yml", 9), "host port 80/tcp is held by container x")));
    }
    List<StepResult> results = new ArrayList<>();
    for (PlannedStep step : plan(project, stack, options).steps()) {
      boolean broken = step.name().equals("broken");
      StepResult r = new StepResult(step, broken ? Outcome.FAILED : Outcome.DONE, broken ? null : "id-" + step.name(),
          broken ? "start failed: exit 127" : null);
      results.add(r);
      progress.accept(r);
      if (results.size() == 1) awaitRelease();
    }
    return new ApplyReport(project, results);
  }

  private void awaitRelease() {
    try {
      if (afterFirstStep != null && !afterFirstStep.await(10, TimeUnit.SECONDS)) throw new AssertionError("never released");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failAfterFirstStep != null) throw failAfterFirstStep;
  }

  @Override
  public List<StackSummary> list() {
    return List.copyOf(summaries);
  }

  @Override
  public DownReport down(String project, boolean removeVolumes) {
    lastProject = project;
    lastRemoveVolumes = removeVolumes;
    return new DownReport(List.of(project + "-web-1"), List.of(project + "_default"),
        removeVolumes ? List.of(project + "_data") : List.of());
  }

  private void record(String project, StackFile stack, ApplyOptions options) {
    lastProject = project;
    lastStack = stack;
    lastOptions = options;
  }

  static StackSummary summary(String project) {
    return new StackSummary(project, List.of("db", "web"), 1, 2, Instant.parse("2026-11-28T10:00:00Z"));
  }
}
