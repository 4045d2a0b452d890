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
import java.util.function.Function;

/**
 * Unpacks an image's layers into committed snapshots named by chain ID, bottom first. A chain that is
 * already committed is reused. Each missing one is prepared as {@code extract-<random>-<chainID>} on its
 * parent, the layer applied, its diff ID checked against the config, and committed; on any failure the
 * active snapshot is removed, so a failed unpack leaves only whole, verified snapshots behind.
 */
final class SnapshotUnpacker {
  private final ContentStore content;
  private final Snapshotter snapshotter;
  private final LayerUnpacker applier;
  /** Size of an already committed chain, for images that reuse it; -1 when nobody knows. */
  private final Function<Digest, Long> knownSize;

  SnapshotUnpacker(ContentStore content, Snapshotter snapshotter, LayerUnpacker applier, Function<Digest, Long> knownSize) {
    this.content = content;
    this.snapshotter = snapshotter;
    this.applier = applier;
    this.knownSize = knownSize;
  }

  /** Unpacks and returns each layer's uncompressed size, bottom first. */
  List<Long> unpack(Manifest manifest, ImageConfig config) {
    List<Digest> diffIds = config.diffIds();
    List<Descriptor> layers = manifest.layers();
    if (diffIds.size() != layers.size()) {
      throw new InvalidArgumentException("unpacking image " + manifest.config().digest() + ": manifest has "
          + layers.size() + " layers but config has " + diffIds.size() + " diff_ids");
    }
    List<Long> sizes = new ArrayList<>();
    Digest parent = null;
    for (int i = 0; i < layers.size(); i++) {
      Digest chain = ChainIds.next(parent, diffIds.get(i));
      sizes.add(isCommitted(chain) ? existingSize(chain) : extract(layers.get(i), diffIds.get(i), chain, parent));
      parent = chain;
    }
    return sizes;
  }

  private boolean isCommitted(Digest chain) {
    return snapshotter.stat(chain.toString()).map(s -> s.kind() == SnapshotInfo.Kind.COMMITTED).orElse(false);
  }

  private long existingSize(Digest chain) {
    long known = knownSize.apply(chain);
    return known >= 0 ? known : snapshotter.usage(chain.toString()).size();
  }

  private long extract(Descriptor layer, Digest diffId, Digest chain, Digest parent) {
    String key = "extract-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "-" + chain;
    List<Mount> mounts = snapshotter.prepare(key, parent == null ? null : parent.toString());
    boolean committed = false;
    try {
      LayerUnpacker.Applied applied = apply(layer, mounts);
      if (!applied.diffId().equals(diffId)) {
        throw new InvalidArgumentException("unpacking layer " + layer.digest() + ": its content has diff ID "
            + applied.diffId() + " but the image config says " + diffId);
      }
      commit(chain, key);
      committed = true;
      return applied.size();
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

  /** A concurrent unpack of the same chain may commit first: theirs is as good as ours. */
  private void commit(Digest chain, String key) {
    try {
      snapshotter.commit(chain.toString(), key);
    } catch (ConflictException e) {
      if (!isCommitted(chain)) throw e;
      removeQuietly(key);
    }
  }

  /** Best effort, so the first error is the one reported; garbage collection removes what is left. */
  private void removeQuietly(String key) {
    try {
      if (snapshotter.stat(key).isPresent()) snapshotter.remove(key);
    } catch (RuntimeException ignored) {
      // an "extract-" leftover is removed by the next garbage collection
    }
  }
}
