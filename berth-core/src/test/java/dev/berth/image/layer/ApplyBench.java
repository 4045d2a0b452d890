package dev.berth.image.layer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark driver for bench/layer-apply/run.sh: applies one layer tar several times in one JVM and prints
 * one line per run: {@code run=<i> seconds=<wall> cpu=<process cpu> main=<applying thread's cpu>
 * main-user=<its user part> bytes=<n> files=<n> diffid=<d>}. The process CPU time (user + system, all threads: applier, hasher, JIT, GC) is what
 * a shared, loaded machine distorts least; the applying thread's CPU bounds the wall time on an idle machine
 * with a core to spare for the hasher. Each run writes a fresh
 * directory under the given parent and removes it afterwards, outside the timed part.
 *
 * <p>Usage: {@code java -cp … dev.berth.image.layer.ApplyBench LAYER.tar PARENT_DIR RUNS [--keep] [--stream]};
 * with {@code --keep} the trees stay (PARENT_DIR/berth-1 …) for the caller to inspect and remove. The layer
 * is applied from its file (the engine's path for a blob in the content store), or with {@code --stream}
 * through an InputStream of it.
 */
public final class ApplyBench {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  private ApplyBench() {}

  private static ApplyResult applyStream(Path layer, Path target) throws IOException {
    try (InputStream in = Files.newInputStream(layer)) {
      return LayerApplier.apply(in, target, WhiteoutMode.DELETE);
    }
  }

  public static void main(String[] args) throws IOException {
    java.util.List<String> flags = java.util.Arrays.asList(args).subList(Math.min(3, args.length), args.length);
    if (args.length < 3 || !java.util.Set.of("--keep", "--stream").containsAll(flags)) {
      System.err.println("usage: ApplyBench LAYER.tar PARENT_DIR RUNS [--keep] [--stream]");
      System.exit(2);
    }
    Path layer = Path.of(args[0]);
    Path parent = Path.of(args[1]);
    int runs = Integer.parseInt(args[2]);
    boolean keep = flags.contains("--keep");
    boolean stream = flags.contains("--stream");
    for (int i = 1; i <= runs; i++) {
      Path target = parent.resolve("berth-" + i);
      Files.createDirectories(target);
      long start = System.nanoTime();
      long cpuStart = OS.getProcessCpuTime();
      long threadStart = THREADS.getCurrentThreadCpuTime();
      long userStart = THREADS.getCurrentThreadUserTime();
      ApplyResult r = stream ? applyStream(layer, target) : LayerApplier.apply(layer, target, WhiteoutMode.DELETE);
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpu = (OS.getProcessCpuTime() - cpuStart) / 1e9;
      double main = (THREADS.getCurrentThreadCpuTime() - threadStart) / 1e9;
      double mainUser = (THREADS.getCurrentThreadUserTime() - userStart) / 1e9;
      System.out.printf("run=%d seconds=%.4f cpu=%.4f main=%.4f main-user=%.4f bytes=%d files=%d diffid=%s%n", i,
          seconds, cpu, main, mainUser, r.size(), r.files(), r.diffId());
      if (!keep) NodeWriter.deleteTree(target);
    }
  }
}
