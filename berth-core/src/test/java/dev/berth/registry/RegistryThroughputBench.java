package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.image.content.LocalContentStore;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Platform;
import dev.berth.registry.auth.Credential;
import dev.berth.registry.pull.ImagePuller;
import dev.berth.registry.pull.PullResult;
import dev.berth.registry.push.ImagePusher;
import dev.berth.registry.push.PushResult;
import dev.berth.registry.testing.RawPusher;
import dev.berth.registry.testing.Skopeo;
import dev.berth.registry.testing.TestImages;
import dev.berth.registry.testing.TestImages.Compression;
import dev.berth.registry.testing.TestImages.Layer;
import dev.berth.registry.testing.TestRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loopback throughput benchmark, run by {@code bench/registry/run.sh} (not by the test suite: its
 * name matches neither surefire's nor failsafe's patterns, and figures are never asserted): a 300 MB image of 10
 * gzip layers, pulled and pushed by Berth and by {@code skopeo copy} between the same registry and an OCI layout,
 * in one run; then a no-op pull and push of the image already there. Prints the figures; checks only that the
 * results are whole (the same digests as skopeo's).
 */
class RegistryThroughputBench {
  private static final int LAYERS = 10;
  private static final long LAYER_BYTES = 30L * 1024 * 1024;
  /** Pull rounds, skopeo then Berth in each; the first is Berth's first pull in a fresh JVM. */
  private static final int ROUNDS = 5;

  @TempDir Path dir;

  @Test
  void pullAndPush_300MegabytesOnLoopback_againstSkopeo() throws Exception {
    // as berthd does at start: SHA-256 from libcrypto (-Dberth.sha256=jdk keeps the JDK's)
    System.out.println("  client sha256 from libcrypto: " + dev.berth.sys.NativeSha256.install());
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < LAYERS; i++) layers.add(Layer.random(LAYER_BYTES, Compression.GZIP));
    TestImages.Image image = TestImages.ociLayout(dir.resolve("layout"), "latest", List.of("/bin/sh"), layers);
    try (TestRegistry registry = TestRegistry.start(); var transport = new RegistryTransport(RegistryOptions.defaults())) {
      RawPusher.of(registry).push(image, "bench/app:v1");
      Skopeo skopeo = Skopeo.of(registry);

      long t0 = System.nanoTime();
      String skopeoPulled = skopeo.pull("bench/app:v1", dir.resolve("skopeo-layout"), "v1");
      long skopeoPull = System.nanoTime() - t0;

      LocalContentStore content = LocalContentStore.open(dir.resolve("content"));
      ImagePuller puller = new ImagePuller(RegistryClient.forPull(transport, registry.host(), "bench/app", Credential.ANONYMOUS),
          content, ImagePuller.DEFAULT_CONCURRENCY);
      t0 = System.nanoTime();
      PullResult pulled = puller.pull("v1", Platform.LINUX_AMD64, e -> {});
      long berthPull = System.nanoTime() - t0;

      // the machine is shared and noisy: more pulls, skopeo and Berth in turn, each into a fresh layout or store
      List<Long> skopeoRounds = new ArrayList<>(List.of(skopeoPull));
      List<Long> berthRounds = new ArrayList<>(List.of(berthPull));
      for (int round = 1; round < ROUNDS; round++) {
        t0 = System.nanoTime();
        skopeo.pull("bench/app:v1", dir.resolve("skopeo-layout-" + round), "v1");
        skopeoRounds.add(System.nanoTime() - t0);
        dev.berth.sys.FileTrees.delete(dir.resolve("skopeo-layout-" + round));
        berthRounds.add(timedPull(transport, registry, dir.resolve("content-" + round)));
      }
      for (int round = 0; round < ROUNDS; round++) {
        System.out.printf("  pull round %d: berth %.2f s, skopeo %.2f s: %.2fx skopeo%s%n", round + 1, s(berthRounds.get(round)),
            s(skopeoRounds.get(round)), (double) skopeoRounds.get(round) / berthRounds.get(round), round == 0 ? " (a fresh JVM)" : "");
      }

      // where the time goes: the HTTP client alone (blobs into nowhere, 3 at a time), a second pull in a warm
      // JVM (a daemon's case), and the content store alone (write, sha256, fsync; from local files)
      RegistryClient raw = RegistryClient.forPull(transport, registry.host(), "bench/app", Credential.ANONYMOUS);
      t0 = System.nanoTime();
      try (var threads = java.util.concurrent.Executors.newFixedThreadPool(3, Thread.ofVirtual().factory())) {
        for (Descriptor l : pulled.manifest().layers()) {
          threads.submit(() -> {
            try (var in = raw.pullBlob(l.digest(), l.size())) {
              in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return null;
          });
        }
      }
      System.out.printf("  client GETs only: %.2f s%n", s(System.nanoTime() - t0));
      LocalContentStore second = LocalContentStore.open(dir.resolve("content2"));
      t0 = System.nanoTime();
      new ImagePuller(raw, second, 3).pull("v1", Platform.LINUX_AMD64, e -> {});
      System.out.printf("  second berth pull (warm): %.2f s%n", s(System.nanoTime() - t0));
      LocalContentStore third = LocalContentStore.open(dir.resolve("content3"));
      t0 = System.nanoTime();
      for (Descriptor l : pulled.manifest().layers()) {
        try (var in = java.nio.file.Files.newInputStream(content.path(l.digest()))) {
          third.write(in, l.digest(), l.size());
        }
      }
      System.out.printf("  content store writes from local files, serial: %.2f s%n", s(System.nanoTime() - t0));

      // pushes go to registries that hold nothing yet, so neither side can skip or mount a blob
      try (TestRegistry forSkopeo = TestRegistry.start(); TestRegistry forBerth = TestRegistry.start()) {
      t0 = System.nanoTime();
      Skopeo.of(forSkopeo).push(dir.resolve("skopeo-layout"), "v1", "bench/skopeo:v1", Skopeo.Format.OCI);
      long skopeoPush = System.nanoTime() - t0;

      RegistryClient pushClient = RegistryClient.forPush(transport, forBerth.host(), "bench/berth", Credential.ANONYMOUS, List.of());
      ImagePusher pusher = new ImagePusher(pushClient, content, ImagePusher.DEFAULT_CONCURRENCY, ImagePusher.DEFAULT_CHUNK);
      Descriptor manifest = pulled.manifestDescriptor();
      t0 = System.nanoTime();
      PushResult pushed = pusher.push(manifest, "v1", null, e -> {});
      long berthPush = System.nanoTime() - t0;

      t0 = System.nanoTime();
      puller.pull("v1", Platform.LINUX_AMD64, e -> {});
      long noopPull = System.nanoTime() - t0;
      t0 = System.nanoTime();
      pusher.push(manifest, "v1", null, e -> {});
      long noopPush = System.nanoTime() - t0;

      double mb = LAYERS * LAYER_BYTES / 1e6;
      System.out.printf("registry throughput, %.0f MB in %d layers on loopback:%n", mb, LAYERS);
      System.out.printf("  pull: berth %.2f s (%.0f MB/s), skopeo %.2f s (%.0f MB/s): %.2fx skopeo%n", s(berthPull), mb / s(berthPull),
          s(skopeoPull), mb / s(skopeoPull), (double) skopeoPull / berthPull);
      System.out.printf("  push: berth %.2f s (%.0f MB/s), skopeo %.2f s (%.0f MB/s): %.2fx skopeo%n", s(berthPush), mb / s(berthPush),
          s(skopeoPush), mb / s(skopeoPush), (double) skopeoPush / berthPush);
      System.out.printf("  pull, median of %d rounds: berth %.2f s, skopeo %.2f s: %.2fx skopeo; rounds 2-%d (a warm JVM): %.2fx%n",
          ROUNDS, s(median(berthRounds)), s(median(skopeoRounds)), (double) median(skopeoRounds) / median(berthRounds), ROUNDS,
          (double) median(skopeoRounds.subList(1, ROUNDS)) / median(berthRounds.subList(1, ROUNDS)));
      System.out.printf("  no-op pull %.0f ms, no-op push %.0f ms%n", noopPull / 1e6, noopPush / 1e6);

      assertThat(pulled.repoDigest()).hasToString(skopeoPulled);
      assertThat(pushed.digest()).hasToString(skopeoPulled);
      }
    }
  }

  /** Nanoseconds for one pull into a fresh store at {@code storeDir}, which is deleted afterwards. */
  private static long timedPull(RegistryTransport transport, TestRegistry registry, Path storeDir) throws Exception {
    LocalContentStore fresh = LocalContentStore.open(storeDir);
    long t0 = System.nanoTime();
    new ImagePuller(RegistryClient.forPull(transport, registry.host(), "bench/app", Credential.ANONYMOUS), fresh,
        ImagePuller.DEFAULT_CONCURRENCY).pull("v1", Platform.LINUX_AMD64, e -> {});
    long took = System.nanoTime() - t0;
    dev.berth.sys.FileTrees.delete(storeDir);
    return took;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double s(long nanos) {
    return nanos / 1e9;
  }
}
