package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.image.ChainIds;
import dev.berth.image.store.JsonImageStore;
import dev.berth.image.store.StoredImage;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.Json;
import dev.berth.oci.Manifest;
import dev.berth.storage.SnapshotInfo;
import dev.berth.storage.Snapshotter;
import dev.berth.storage.vfs.VfsSnapshotter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A kill -9 at any moment leaves a store in which no reference points to a missing blob." A child JVM
 * works on a data root at random and is killed with SIGKILL at random moments, several times; then every
 * tag must point to an image, every image's manifest, config and layer blobs must exist and hash right,
 * its snapshots must be committed, and every blob file must hash to its name (no ingest leftover is ever
 * visible as a blob).
 */
class CrashSafetyIT {
  private static final int ROUNDS = 8;
  private static final int MAX_ROUNDS = 16;

  @TempDir Path data;
  private Process child;

  @AfterEach
  void killChild() throws InterruptedException {
    if (child != null && child.isAlive()) {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void killDashNine_atRandomMoments_leavesNoReferenceToMissingContent() throws Exception {
    Random random = new Random();
    long ops = 0;
    long imagesChecked = 0;
    // On a loaded machine a worker may not finish an import before its kill: rounds go on (each one longer)
    // until one has, so the checks below always have something to check.
    for (int round = 0; round < ROUNDS || (imagesChecked == 0 && round < MAX_ROUNDS); round++) {
      long extra = round < ROUNDS ? 0 : 2000L * (round - ROUNDS + 1);
      ops += runAndKill(random.nextLong(), 500 + random.nextInt(2000) + extra);
      imagesChecked += verifyStore();
    }
    assertThat(ops).as("operations the workers finished before being killed").isPositive();
    assertThat(imagesChecked).as("images found and checked after the kills").isPositive();
  }

  /** Starts a worker, waits until its engine is open, lets it work, kills it; returns its finished operations. */
  private long runAndKill(long seed, long workMillis) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        CrashWorker.class.getName(), data.toString(), Long.toString(seed))
        .redirectError(ProcessBuilder.Redirect.appendTo(data.resolve("worker.err").toFile()))
        .start();
    AtomicLong ops = new AtomicLong();
    Object ready = new Object();
    boolean[] isReady = new boolean[1];
    Thread reader = Thread.ofVirtual().start(() -> readOutput(ops, ready, isReady));
    synchronized (ready) {
      long deadline = System.currentTimeMillis() + 60_000;
      while (!isReady[0] && child.isAlive() && System.currentTimeMillis() < deadline) ready.wait(100);
    }
    assertThat(isReady[0]).as("worker opened the engine (see %s/worker.err)", data).isTrue();
    Thread.sleep(workMillis);
    assertThat(child.isAlive()).as("worker still running when killed (see %s/worker.err)", data).isTrue();
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    reader.join();
    return ops.get();
  }

  private void readOutput(AtomicLong ops, Object ready, boolean[] isReady) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.equals("ready")) {
          synchronized (ready) {
            isReady[0] = true;
            ready.notifyAll();
          }
        } else if (line.startsWith("op ")) {
          ops.incrementAndGet();
        }
      }
    } catch (IOException ignored) {
      // the worker was killed
    }
  }

  /** Checks the invariants; returns how many images it checked. */
  private int verifyStore() throws IOException {
    Path blobs = data.resolve("content/blobs/sha256");
    try (Stream<Path> files = Files.list(blobs)) {
      for (Path blob : files.toList()) {
        assertThat(Digest.sha256(Files.readAllBytes(blob)).encoded()).as("blob %s hashes to its name", blob).isEqualTo(blob.getFileName().toString());
      }
    }
    JsonImageStore store = JsonImageStore.open(data.resolve("images"));
    store.tags().forEach((ref, id) -> assertThat(store.image(id)).as("image of tag %s", ref).isPresent());
    List<String> chains = new ArrayList<>();
    for (StoredImage image : store.images()) {
      Manifest manifest = Json.read(blob(blobs, image.manifest()), Manifest.class);
      assertThat(manifest.config().digest()).isEqualTo(image.id());
      ImageConfig config = Json.read(blob(blobs, manifest.config()), ImageConfig.class);
      for (Descriptor layer : manifest.layers()) blob(blobs, layer);
      ChainIds.of(config.diffIds()).forEach(c -> chains.add(c.toString()));
    }
    try (Snapshotter snapshotter = new VfsSnapshotter(data.resolve("storage/vfs"))) {
      for (String chain : chains) {
        assertThat(snapshotter.stat(chain)).as("snapshot %s", chain).get().extracting(SnapshotInfo::kind).isEqualTo(SnapshotInfo.Kind.COMMITTED);
      }
    }
    return store.images().size();
  }

  private static byte[] blob(Path blobs, Descriptor d) throws IOException {
    Path p = blobs.resolve(d.digest().encoded());
    assertThat(p).as("blob %s", d.digest()).exists();
    byte[] bytes = Files.readAllBytes(p);
    assertThat(Digest.sha256(bytes)).isEqualTo(d.digest());
    assertThat((long) bytes.length).isEqualTo(d.size());
    return bytes;
  }
}
