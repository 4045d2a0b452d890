package dev.berth.engine.image;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import java.util.ArrayList;
import java.util.List;

/**
 * One image's unpack into layer snapshots, a layer at a time, bottom first, so that a pull can unpack each layer
 * as soon as it has arrived while the layers above still download. Each chain it walks through is leased (see
 * {@link ChainLeases}) until {@link #close}, which the owner calls once the image is registered, or after
 * {@link #abandon} when it is given up.
 *
 * <p>Not thread-safe: one thread at a time, with a happens-before edge between them (a pull's unpack step runs
 * {@link #next}; its caller, after the step has ended, calls the rest).
 */
final class ChainUnpack implements AutoCloseable {
  private final SnapshotUnpacker unpacker;
  private final List<Descriptor> layers;
  private final List<Digest> diffIds;
  private final List<Long> sizes = new ArrayList<>();
  private final List<Digest> leased = new ArrayList<>();
  /** Chains this unpack committed itself, bottom first: what {@link #abandon} may take back. */
  private final List<Digest> made = new ArrayList<>();
  private Digest parent;

  ChainUnpack(SnapshotUnpacker unpacker, List<Descriptor> layers, List<Digest> diffIds) {
    this.unpacker = unpacker;
    this.layers = List.copyOf(layers);
    this.diffIds = List.copyOf(diffIds);
  }

  /**
   * Unpacks layer {@code index} onto the ones below it (reusing its snapshot when one is committed) and returns
   * its uncompressed size. Layers come in order: 0, then 1, and so on.
   */
  long next(int index) {
    if (index != sizes.size()) {
      throw new IllegalStateException("unpacking layer " + index + " of " + layers.size() + " before layer " + sizes.size());
    }
    Digest chain = ChainIds.next(parent, diffIds.get(index));
    unpacker.leases().acquire(chain);
    leased.add(chain);
    long size;
    if (unpacker.isCommitted(chain)) {
      size = unpacker.existingSize(chain);
    } else {
      SnapshotUnpacker.Extracted extracted = unpacker.extract(layers.get(index), diffIds.get(index), chain, parent);
      if (extracted.committedHere()) made.add(chain);
      size = extracted.size();
    }
    sizes.add(size);
    parent = chain;
    return size;
  }

  /** Each layer's uncompressed size, bottom first, once every layer is unpacked. */
  List<Long> sizes() {
    if (sizes.size() != layers.size()) {
      throw new IllegalStateException("unpacked " + sizes.size() + " of " + layers.size() + " layers");
    }
    return List.copyOf(sizes);
  }

  /**
   * Gives the image up: removes the snapshots this unpack committed, top first, except those another unpack in
   * flight also relies on, then releases every lease. A failed pull so leaves no snapshot of its own behind, as
   * dockerd releases the layers of a pull that failed.
   */
  void abandon() {
    for (Digest chain : made.reversed()) {
      unpacker.leases().releaseAndRemoveIfLast(chain, () -> unpacker.removeQuietly(chain.toString()));
      leased.remove(chain);
    }
    made.clear();
    close();
  }

  /** Releases the leases: the image is registered (its chains are now marked by the image store) or given up. */
  @Override
  public void close() {
    leased.forEach(unpacker.leases()::release);
    leased.clear();
  }
}
