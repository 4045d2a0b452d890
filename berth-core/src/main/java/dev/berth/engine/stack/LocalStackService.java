package dev.berth.engine.stack;

import dev.berth.engine.StackService;
import dev.berth.stack.StackFile;
import java.util.List;
import java.util.function.Consumer;

/** The engine's stack service. Owned by h-apply (stub until then). */
public final class LocalStackService implements StackService {
  @Override
  public Plan plan(String project, StackFile stack, ApplyOptions options) {
    throw new UnsupportedOperationException("stacks: not written yet");
  }

  @Override
  public ApplyReport apply(String project, StackFile stack, ApplyOptions options, Consumer<StepResult> progress) {
    throw new UnsupportedOperationException("stacks: not written yet");
  }

  @Override
  public List<StackSummary> list() {
    throw new UnsupportedOperationException("stacks: not written yet");
  }

  @Override
  public DownReport down(String project, boolean removeVolumes) {
    throw new UnsupportedOperationException("stacks: not written yet");
  }
}
