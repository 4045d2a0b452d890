package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.registry.RegistryOptions;
import dev.berth.registry.RegistryTransport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm-up pulls its stub's image through a real transport and applies each layer with the engine's applier:
 * every layer of every round is applied from a blob whose diff ID is the one its tar hashes to, each round's file is
 * there whole while it is applied, and nothing is left in the scratch directory.
 */
class PullWarmupTest {
  @TempDir Path tmp;

  @Test
  void run_pullsAndAppliesEveryRoundThenLeavesNothing() throws Exception {
    List<Digest> diffIds = new CopyOnWriteArrayList<>();
    List<Long> fileSizes = new CopyOnWriteArrayList<>();
    LayerUnpacker recording = new LayerUnpacker() {
      @Override
      public Applied apply(InputStream layer, List<dev.berth.storage.Mount> mounts) {
        throw new AssertionError("the warm-up applies blob files, as a pull does");
      }

      @Override
      public Applied apply(Path blob, List<dev.berth.storage.Mount> mounts) throws java.io.IOException {
        Applied applied = EngineArchive.LAYER_APPLIER.apply(blob, mounts);
        diffIds.add(applied.diffId());
        try (var files = Files.list(Path.of(mounts.getFirst().source()))) {
          for (Path f : files.toList()) fileSizes.add(Files.size(f));
        }
        return applied;
      }
    };
    Path scratch = tmp.resolve("warmup");
    try (RegistryTransport transport = new RegistryTransport(RegistryOptions.defaults())) {
      long bytes = new PullWarmup(transport, recording, scratch, () -> false).run();

      assertThat(bytes).isGreaterThan((long) PullWarmup.ROUNDS * PullWarmup.LAYERS * PullWarmup.LAYER_BYTES);
    }
    assertThat(diffIds).hasSize(PullWarmup.ROUNDS * PullWarmup.LAYERS);
    List<Digest> expected = new ArrayList<>();
    java.util.SplittableRandom random = new java.util.SplittableRandom(42);
    for (int i = 0; i < PullWarmup.LAYERS; i++) {
      expected.add(Digest.sha256(PullWarmup.tar("warmup-" + i, PullWarmup.data(random))));
    }
    assertThat(diffIds).containsOnlyElementsOf(expected).containsAll(expected);
    assertThat(fileSizes).isNotEmpty().allMatch(size -> size == PullWarmup.LAYER_BYTES);
    assertThat(scratch).doesNotExist();
  }

  @Test
  void run_aUserPullHasBegun_stopsBeforeTheNextRound() throws Exception {
    List<Digest> applied = new CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean userPull = new java.util.concurrent.atomic.AtomicBoolean();
    LayerUnpacker recording = (layer, mounts) -> {
      throw new AssertionError("the warm-up applies blob files");
    };
    LayerUnpacker stopsAfterFirst = new LayerUnpacker() {
      @Override
      public Applied apply(InputStream layer, List<dev.berth.storage.Mount> mounts) throws java.io.IOException {
        return recording.apply(layer, mounts);
      }

      @Override
      public Applied apply(Path blob, List<dev.berth.storage.Mount> mounts) throws java.io.IOException {
        Applied a = EngineArchive.LAYER_APPLIER.apply(blob, mounts);
        applied.add(a.diffId());
        userPull.set(true);
        return a;
      }
    };
    try (RegistryTransport transport = new RegistryTransport(RegistryOptions.defaults())) {
      long bytes = new PullWarmup(transport, stopsAfterFirst, tmp.resolve("w"), userPull::get).run();
      assertThat(applied).hasSize(PullWarmup.LAYERS);
      assertThat(bytes).isLessThan(2L * PullWarmup.LAYERS * PullWarmup.LAYER_BYTES);
    }
    assertThat(tmp.resolve("w")).doesNotExist();
  }
}
