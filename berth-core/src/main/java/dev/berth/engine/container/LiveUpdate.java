package dev.berth.engine.container;

import dev.berth.errors.SystemException;
import dev.berth.runtime.container.ResourceConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Applies new limits to a running container with {@code runc update}, for {@code docker update}. A stopped
 * container needs nothing: its next start writes the new limits into the spec.
 */
final class LiveUpdate {
  private LiveUpdate() {}

  /** The runc arguments for the limits that are set (0 means unlimited and is left alone, as Docker does). */
  static List<String> arguments(ResourceConfig r) {
    List<String> a = new ArrayList<>();
    if (r.memory() > 0) {
      a.addAll(List.of("--memory", Long.toString(r.memory())));
      a.addAll(List.of("--memory-swap", Long.toString(r.memorySwap() != 0 ? r.memorySwap() : -1)));
    }
    if (r.nanoCpus() > 0) {
      long period = 100_000;
      a.addAll(List.of("--cpu-period", Long.toString(period), "--cpu-quota", Long.toString(r.nanoCpus() * period / 1_000_000_000L)));
    }
    if (r.cpuShares() > 0) {
      a.addAll(List.of("--cpu-share", Long.toString(r.cpuShares())));
    }
    if (r.pidsLimit() != 0) {
      a.addAll(List.of("--pids-limit", Long.toString(r.pidsLimit() < 0 ? -1 : r.pidsLimit())));
    }
    return a;
  }

  static List<String> apply(Path runcRoot, String id, ResourceConfig r) {
    List<String> args = arguments(r);
    if (args.isEmpty()) {
      return List.of();
    }
    List<String> argv = new ArrayList<>(List.of("runc", "--root", runcRoot.toString(), "update"));
    argv.addAll(args);
    argv.add(id);
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new SystemException("update container " + id + ": runc update failed: " + out);
      }
      return List.of();
    } catch (IOException e) {
      throw new SystemException("update container " + id + ": cannot run runc: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SystemException("update container " + id + ": interrupted", e);
    }
  }
}
