package dev.berth.storage;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Benchmark behind {@code bench/storage/run.sh} (root needed): for each driver, builds images of 1 and 20 layers
 * holding 10, 50 and 200 MB of files spread evenly across the layers, then times preparing a container root
 * filesystem on top (prepare + mount + unmount, median of {@value #RUNS} runs) and measures the disk that
 * container snapshot uses. Writes one CSV row per case:
 * {@code driver,layers,total_mb,prepare_ms,container_disk_bytes,image_disk_bytes}.
 *
 * <p>Usage: {@code StorageBench <out.csv> <work dir>}; the work directory must be on a filesystem overlay can use
 * as upper (ext4, xfs) and is deleted afterwards.
 */
public final class StorageBench {
  private static final int RUNS = 5;
  private static final int FILE_BYTES = 256 * 1024;
  private static final List<String> DRIVERS = List.of("overlay", "vfs");
  private static final int[] LAYERS = {1, 20};
  private static final int[] TOTAL_MB = {10, 50, 200};

  private StorageBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) throw new IllegalArgumentException("usage: StorageBench <out.csv> <work dir>");
    Path csv = Path.of(args[0]);
    Path work = Files.createDirectories(Path.of(args[1]));
    Files.createDirectories(csv.toAbsolutePath().getParent());
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
      out.println("driver,layers,total_mb,prepare_ms,container_disk_bytes,image_disk_bytes");
      for (String driver : DRIVERS) {
        run(driver, 1, 1, work); // warm-up: JIT and page cache, not reported
        for (int layers : LAYERS) {
          for (int mb : TOTAL_MB) {
            String row = run(driver, layers, mb, work);
            out.println(row);
            out.flush();
            System.out.println(row);
          }
        }
      }
    } finally {
      Trees.delete(work);
    }
  }

  private static String run(String driver, int layers, int totalMb, Path work) throws IOException {
    Path root = work.resolve(driver + "-" + layers + "-" + totalMb);
    Path target = Files.createDirectories(work.resolve("mnt"));
    try (Snapshotter s = Snapshotters.open(driver, root)) {
      String top = buildImage(s, layers, totalMb, target);
      long imageBytes = 0;
      for (int i = 1; i <= layers; i++) imageBytes += s.usage("layer-" + i).size();
      sync();
      List<Double> times = new ArrayList<>();
      long containerBytes = 0;
      for (int r = 0; r < RUNS; r++) {
        long t0 = System.nanoTime();
        Mounter.mount(s.prepare("container-" + r, top), target);
        Mounter.unmount(target);
        times.add((System.nanoTime() - t0) / 1e6);
        containerBytes = s.usage("container-" + r).size();
        s.remove("container-" + r);
      }
      times.sort(null);
      return String.format("%s,%d,%d,%.2f,%d,%d", driver, layers, totalMb, times.get(RUNS / 2), containerBytes,
          imageBytes);
    } finally {
      Mounter.unmount(target);
      Trees.delete(root);
    }
  }

  /** Commits {@code layers} layers holding {@code totalMb} MB of 256 KiB files, written through mounts. */
  private static String buildImage(Snapshotter s, int layers, int totalMb, Path target) throws IOException {
    int files = totalMb * (1024 * 1024 / FILE_BYTES);
    Random random = new Random(42);
    byte[] data = new byte[FILE_BYTES];
    String parent = null;
    for (int i = 1; i <= layers; i++) {
      Mounter.mount(s.prepare("layer-" + i + "-key", parent), target);
      try {
        Path dir = Files.createDirectories(target.resolve("layer-" + i));
        for (int f = i - 1; f < files; f += layers) {
          random.nextBytes(data);
          Files.write(dir.resolve("file-" + f), data);
        }
      } finally {
        Mounter.unmount(target);
      }
      s.commit("layer-" + i, "layer-" + i + "-key");
      parent = "layer-" + i;
    }
    return parent;
  }

  private static void sync() throws IOException {
    try {
      new ProcessBuilder("sync").inheritIO().start().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("sync interrupted", e);
    }
  }
}
