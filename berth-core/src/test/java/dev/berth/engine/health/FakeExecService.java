package dev.berth.engine.health;

import dev.berth.engine.Attachment;
import dev.berth.engine.ExecService;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** An ExecService whose probe runs answer what the test sets, recording each call; nothing else works. */
final class FakeExecService implements ExecService {
  record Call(String containerRef, List<String> cmd, long timeoutMillis, int maxOutput) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  final AtomicInteger interrupted = new AtomicInteger();
  volatile Supplier<ExecResult> answer = () -> new ExecResult(0, "ok", false);

  @Override
  public ExecResult run(String containerRef, List<String> cmd, long timeoutMillis, int maxOutput) {
    calls.add(new Call(containerRef, cmd, timeoutMillis, maxOutput));
    return answer.get();
  }

  /** An answer that blocks until its thread is interrupted (counted), as a probe killed by unwatch. */
  ExecResult blockUntilInterrupted() {
    try {
      Thread.sleep(60_000);
      return new ExecResult(0, "", false);
    } catch (InterruptedException e) {
      interrupted.incrementAndGet();
      Thread.currentThread().interrupt();
      throw new dev.berth.errors.SystemException("interrupted");
    }
  }

  @Override
  public String create(String containerRef, ExecConfig config) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Attachment start(String execId, boolean detach, Boolean tty) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ExecView inspect(String execId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void resize(String execId, int rows, int cols) {
    throw new UnsupportedOperationException();
  }
}
