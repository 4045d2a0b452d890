package dev.berth.engine.dom0;

import dev.berth.engine.Dom0Service.Outcome;
import dev.berth.engine.Dom0Service.Step;

/**
 * Builds {@link Step} records: a step starts RUNNING (so status shows what a slow boot is doing) and ends DONE,
 * FAILED or SKIPPED with the time it started.
 */
public final class Steps {
  private Steps() {}

  public static Step running(String name, String detail) {
    return new Step(name, Outcome.RUNNING, detail, null, null, Times.now(), null);
  }

  public static Step done(Step started, String detail) {
    return end(started, Outcome.DONE, detail, null, null);
  }

  public static Step skipped(Step started, String detail) {
    return end(started, Outcome.SKIPPED, detail, null, null);
  }

  public static Step failed(Step started, String detail, String error) {
    return end(started, Outcome.FAILED, detail, error, null);
  }

  /** A hook's end: DONE for exit 0, else FAILED naming the code. */
  public static Step exited(Step started, String detail, int exitCode) {
    return exitCode == 0
        ? end(started, Outcome.DONE, detail, null, 0)
        : end(started, Outcome.FAILED, detail, "exited with code " + exitCode, exitCode);
  }

  public static Step end(Step started, Outcome outcome, String detail, String error, Integer exitCode) {
    return new Step(started.name(), outcome, detail, error, exitCode, started.started(), Times.now());
  }
}
