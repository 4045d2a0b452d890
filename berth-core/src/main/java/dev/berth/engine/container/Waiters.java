package dev.berth.engine.container;

import dev.berth.engine.ContainerService.WaitCondition;
import dev.berth.engine.ContainerService.WaitResult;
import dev.berth.runtime.container.ContainerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Callers of {@code wait}, by container and condition. Registration and completion happen under one lock,
 * and the engine registers under the container's lock too, so an exit recorded after a registration always
 * completes it.
 */
final class Waiters {
  private record Key(ContainerId id, WaitCondition condition) {}

  private final Map<Key, List<CompletableFuture<WaitResult>>> waiting = new HashMap<>();

  synchronized CompletableFuture<WaitResult> register(ContainerId id, WaitCondition condition) {
    CompletableFuture<WaitResult> f = new CompletableFuture<>();
    waiting.computeIfAbsent(new Key(id, condition), k -> new ArrayList<>()).add(f);
    return f;
  }

  /** The process ended: {@code NEXT_EXIT} waiters always, {@code NOT_RUNNING} ones unless it restarts. */
  void exited(ContainerId id, int exitCode, boolean restarting, String error) {
    WaitResult r = new WaitResult(exitCode, error);
    complete(new Key(id, WaitCondition.NEXT_EXIT), r);
    if (!restarting) {
      complete(new Key(id, WaitCondition.NOT_RUNNING), r);
    }
  }

  /** The container is gone: every waiter gets its last exit code. */
  void removed(ContainerId id, int exitCode) {
    WaitResult r = new WaitResult(exitCode, null);
    for (WaitCondition c : WaitCondition.values()) {
      complete(new Key(id, c), r);
    }
  }

  private void complete(Key key, WaitResult result) {
    List<CompletableFuture<WaitResult>> list;
    synchronized (this) {
      list = waiting.remove(key);
    }
    if (list != null) {
      list.forEach(f -> f.complete(result));
    }
  }
}
