package dev.berth.engine.image;

import dev.berth.errors.BerthException;
import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.image.content.ContentStore;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.Manifest;
import dev.berth.storage.Mount;
import dev.berth.storage.SnapshotInfo;
import dev.berth.storage.Snapshotter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Unpacks an image's layers into committed snapshots named by chain ID, bottom first. A chain that is
 * already committed is reused. Each missing one is prepared as {@code extract-<random>-<chainID>} on its
 * parent, the layer applied, its diff ID checked against the config, and committed; on any failure the
 * active snapshot is removed, so a failed unpack leaves only whole, verified snapshots behind (and a failed
 * pull not even those: see {@link ChainUnpack#abandon}). One instance serves every unpack of the service, so
 * that it holds the one {@link ChainLeases}.
 */
final class SnapshotUnpacker {
  private final ContentStore content;
  private final Snapshotter snapshotter;
  private final LayerUnpacker applier;
  /** Size of an already committed chain, for images that reuse it; -1 when nobody knows. */
  private final Function<Digest, Long> knownSize;
  private final ChainLeases leases = new ChainLeases();

  SnapshotUnpacker(ContentStore content, Snapshotter snapshotter, LayerUnpacker applier, Function<Digest, Long> knownSize) {
    this.content = content;
    this.snapshotter = snapshotter;
    this.applier = applier;
    this.knownSize = knownSize;
  }

  /**
   * Begins unpacking one image, a layer at a time ({@link ChainUnpack#next}), so that a pull can unpack each
   * layer as soon as it has arrived. The caller closes it once the image is registered or given up.
   */
  ChainUnpack begin(Manifest manifest, ImageConfig config) {
    List<Digest> diffIds = config.diffIds();
    List<Descriptor> layers = manifest.layers();
    if (diffIds.size() != layers.size()) {
      throw new InvalidArgumentException("unpacking image " + manifest.config().digest() + ": manifest has "
          + layers.size() + " layers but config has " + diffIds.size() + " diff_ids");
    }
    return new ChainUnpack(this, layers, diffIds);
  }

  /**
   * Unpacks every layer, then runs {@code register} with each layer's uncompressed size, bottom first, while the
   * snapshots are still leased, so that no failed pull takes back a snapshot the image is about to rely on.
   */
  void unpack(Manifest manifest, ImageConfig config, Consumer<List<Long>> register) {
    try (ChainUnpack chain = begin(manifest, config)) {
      for (int i = 0; i < manifest.layers().size(); i++) chain.next(i);
      register.accept(chain.sizes());
    }
  }

  ChainLeases leases() {
    return leases;
  }

  boolean isCommitted(Digest chain) {
    return snapshotter.stat(chain.toString()).map(s -> s.kind() == SnapshotInfo.Kind.COMMITTED).orElse(false);
  }

  long existingSize(Digest chain) {
    long known = knownSize.apply(chain);
    return known >= 0 ? known : snapshotter.usage(chain.toString()).size();
  }

  /**
   * A layer applied to a new snapshot: its uncompressed size, and whether this unpack committed the snapshot
   * ({@code false}: a concurrent unpack of the same chain committed it first).
   */
  record Extracted(long size, boolean committedHere) {}

  Extracted extract(Descriptor layer, Digest diffId, Digest chain, Digest parent) {
    String key = GarbageCollector.EXTRACT_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "-" + chain;
    List<Mount> mounts = snapshotter.prepare(key, parent == null ? null : parent.toString());
    boolean committed = false;
    try {
      LayerUnpacker.Applied applied = apply(layer, mounts);
      if (!applied.diffId().equals(diffId)) {
        throw new InvalidArgumentException("unpacking layer " + layer.digest() + ": its content has diff ID "
            + applied.diffId() + " but the image config says " + diffId);
      }
      boolean ours = commit(chain, key);
      committed = true;
      return new Extracted(applied.size(), ours);
    } finally {
      if (!committed) removeQuietly(key);
    }
  }

  /** Applies the blob from its file when the store has it (the fast path), else opens it to report why not. */
  private LayerUnpacker.Applied apply(Descriptor layer, List<Mount> mounts) {
    try {
      if (content.exists(layer.digest())) return applier.apply(content.path(layer.digest()), mounts);
      try (InputStream in = content.open(layer.digest())) {
        return applier.apply(in, mounts);
      }
    } catch (BerthException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new InvalidArgumentException("applying layer " + layer.digest() + ": " + e.getMessage(), e);
    }
  }

  /** A concurrent unpack of the same chain may commit first: theirs is as good as ours. Returns whether ours went in. */
  private boolean commit(Digest chain, String key) {
    try {
      snapshotter.commit(chain.toString(), key);
      return true;
    } catch (ConflictException e) {
      if (!isCommitted(chain)) throw e;
      removeQuietly(key);
      return false;
    }
  }

  /**
   * Removes a snapshot (an active {@code extract-} one, or a committed chain a failed pull made), best effort, so
   * that the first error is the one reported; garbage collection removes what is left. A pull that fails
   * interrupts its unpack, so the interrupt is set aside while removing, lest an interruptible call refuse.
   */
  void removeQuietly(String keyOrName) {
    boolean interrupted = Thread.interrupted();
    try {
      if (snapshotter.stat(keyOrName).isPresent()) snapshotter.remove(keyOrName);
    } catch (RuntimeException ignored) {
      // an "extract-" leftover or an unused chain is removed by the next garbage collection
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }
}
