package dev.berth.engine.image;

import dev.berth.image.content.LocalContentStore;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.Json;
import dev.berth.oci.Manifest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.Platform;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.RegistryTransport;
import dev.berth.registry.auth.Credential;
import dev.berth.registry.pull.ImagePuller;
import dev.berth.registry.pull.LayerSink;
import dev.berth.storage.Mount;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Runs a pull's hot code before a user's first pull needs it: a registry stub on 127.0.0.1 serves a small image of
 * random gzip layers, which the daemon's own transport pulls (the HTTPS probe and its fall-back to plain HTTP, the
 * HTTP client's body path, the content store's copy and digest) into a scratch content store, and each layer is
 * applied to a scratch directory as soon as it has arrived, as a user's pull unpacks (gzip, tar, file writes, the
 * diff ID). Nothing reaches the image store or
 * the event bus, and the scratch directory is deleted after.
 *
 * <p>Why: in a fresh JVM that code runs interpreted until the JIT has compiled it, which made berthd's first pull two
 * to three times as slow as the next ones. The work is bounded ({@link #ROUNDS} pulls of {@link #LAYERS} layers of
 * {@link #LAYER_BYTES} bytes, 5 to 8 s on a busy 2-core machine) and runs once, in the background, after the API opens.
 */
final class PullWarmup {
  /** Pulls of the stub's image; {@code -Dberth.warmupRounds=N} changes it (for measuring). */
  static final int ROUNDS = Math.max(1, Integer.getInteger("berth.warmupRounds", 3));
  static final int LAYERS = 4;
  static final int LAYER_BYTES = 8 * 1024 * 1024;
  static final String REPOSITORY = "berth-warmup/pull";
  private static final String BLOBS = "/v2/" + REPOSITORY + "/blobs/";

  private final RegistryTransport transport;
  private final LayerUnpacker applier;
  private final Path scratch;
  private final BooleanSupplier stop;

  /**
   * @param scratch a directory of its own, created and deleted here
   * @param stop true once a user's pull has begun: the warm-up then ends after the round it is in, so as not to
   *     compete with that pull for the CPU
   */
  PullWarmup(RegistryTransport transport, LayerUnpacker applier, Path scratch, BooleanSupplier stop) {
    this.transport = transport;
    this.applier = applier;
    this.scratch = scratch;
    this.stop = stop;
  }

  /** Pulls and unpacks the stub's image up to {@link #ROUNDS} times, fewer when told to stop; returns the bytes pulled. */
  long run() throws IOException {
    Map<String, WarmupRegistry.Answer> answers = new HashMap<>();
    Manifest manifest = image(answers);
    try (WarmupRegistry registry = new WarmupRegistry(answers)) {
      long pulled = 0;
      for (int round = 0; round < ROUNDS && !stop.getAsBoolean(); round++) pulled += pullAndApply(registry.host(), manifest, round);
      return pulled;
    } finally {
      dev.berth.sys.FileTrees.delete(scratch);
    }
  }

  /** One pull, each layer applied to a scratch directory as soon as it has arrived, as a user's pull unpacks. */
  private long pullAndApply(String registry, Manifest manifest, int round) throws IOException {
    Path dir = scratch.resolve("round-" + round);
    LocalContentStore content = LocalContentStore.open(dir.resolve("content"));
    RegistryClient client = RegistryClient.forPull(transport, registry, REPOSITORY, Credential.ANONYMOUS);
    new ImagePuller(client, content, ImagePuller.DEFAULT_CONCURRENCY).pull("latest", Platform.LINUX_AMD64, e -> {},
        new ScratchApply(content, dir, applier));
    dev.berth.sys.FileTrees.delete(dir);
    return manifest.layers().stream().mapToLong(Descriptor::size).sum();
  }

  /** Applies each layer the pull hands over to a directory of its own under the round's scratch directory. */
  private record ScratchApply(LocalContentStore content, Path dir, LayerUnpacker applier) implements LayerSink {
    @Override
    public void begin(Manifest manifest) {}

    @Override
    public void layer(int index, Descriptor layer) {
      try {
        Path target = Files.createDirectories(dir.resolve("rootfs-" + layer.digest().encoded().substring(0, 12)));
        applier.apply(content.path(layer.digest()), List.of(new Mount("bind", target.toString(), List.of("rw"))));
      } catch (IOException e) {
        throw new UncheckedIOException("warm-up: applying layer " + layer.digest() + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * The stub's image: {@link #LAYERS} gzip layers of one file each, their config and manifest, as the stub's answers.
   * Each file repeats one random MiB of its own: as incompressible as random data (gzip looks back only 32 KiB), and
   * cheaper to make in a cold JVM.
   */
  static Manifest image(Map<String, WarmupRegistry.Answer> answers) throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    List<Descriptor> layers = new ArrayList<>();
    List<Digest> diffIds = new ArrayList<>();
    for (int i = 0; i < LAYERS; i++) {
      byte[] tar = tar("warmup-" + i, data(random));
      diffIds.add(Digest.sha256(tar));
      byte[] gzip = gzip(tar);
      Digest digest = Digest.sha256(gzip);
      answers.put(BLOBS + digest, new WarmupRegistry.Answer(gzip, Map.of()));
      layers.add(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, digest, gzip.length));
    }
    ImageConfig config = new ImageConfig(null, null, "amd64", "linux", null, null, ImageConfig.RootFs.layers(diffIds),
        List.of(), null, null);
    byte[] configBytes = Json.write(config);
    Digest configDigest = Digest.sha256(configBytes);
    answers.put(BLOBS + configDigest, new WarmupRegistry.Answer(configBytes, Map.of()));
    Manifest manifest = Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, configBytes.length), layers);
    byte[] manifestBytes = Json.write(manifest);
    answers.put("/v2/", new WarmupRegistry.Answer("{}".getBytes(StandardCharsets.UTF_8), Map.of()));
    answers.put("/v2/" + REPOSITORY + "/manifests/latest", new WarmupRegistry.Answer(manifestBytes,
        Map.of("Content-Type", MediaTypes.OCI_MANIFEST, "Docker-Content-Digest", Digest.sha256(manifestBytes).toString())));
    return manifest;
  }

  /** {@link #LAYER_BYTES} bytes: one random MiB, repeated. */
  static byte[] data(SplittableRandom random) {
    byte[] block = new byte[1024 * 1024];
    random.nextBytes(block);
    byte[] data = new byte[LAYER_BYTES];
    for (int at = 0; at < data.length; at += block.length) System.arraycopy(block, 0, data, at, Math.min(block.length, data.length - at));
    return data;
  }

  /** The tar of one layer: the file {@code name}, mode 0644. */
  static byte[] tar(String name, byte[] data) {
    return OneFileTar.of(name, 0644, data);
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + data.length / 64 + 1024);
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    }) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
