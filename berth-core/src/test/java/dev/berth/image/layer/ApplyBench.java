package dev.berth.image.layer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark driver for bench/layer-apply/run.sh: applies one layer tar several times in one JVM and prints
 * one line per run: {@code run=<i> seconds=<wall> cpu=<process cpu> bytes=<n> files=<n> diffid=<d>}. The
 * process CPU time (user + system, all threads: applier, hasher, JIT, GC) is what a shared, loaded machine
 * distorts least. Each run writes a fresh
 * directory under the given parent and removes it afterwards, outside the timed part.
 *
 * <p>Usage: {@code java -cp … dev.berth.image.layer.ApplyBench LAYER.tar PARENT_DIR RUNS [--keep]}; with
 * {@code --keep} the trees stay (PARENT_DIR/berth-1 …) for the caller to inspect and remove.
 */
public final class ApplyBench {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  private ApplyBench() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3 || args.length > 4 || (args.length == 4 && !args[3].equals("--keep"))) {
      System.err.println("usage: ApplyBench LAYER.tar PARENT_DIR RUNS [--keep]");
      System.exit(2);
    }
    Path layer = Path.of(args[0]);
    Path parent = Path.of(args[1]);
    int runs = Integer.parseInt(args[2]);
    boolean keep = args.length == 4;
    for (int i = 1; i <= runs; i++) {
      Path target = parent.resolve("berth-" + i);
      Files.createDirectories(target);
      long start = System.nanoTime();
      long cpuStart = OS.getProcessCpuTime();
      ApplyResult r;
      try (InputStream in = Files.newInputStream(layer)) {
        r = LayerApplier.apply(in, target, WhiteoutMode.DELETE);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpu = (OS.getProcessCpuTime() - cpuStart) / 1e9;
      System.out.printf("run=%d seconds=%.4f cpu=%.4f bytes=%d files=%d diffid=%s%n", i, seconds, cpu, r.size(),
          r.files(), r.diffId());
      if (!keep) NodeWriter.deleteTree(target);
    }
  }
}
