package dev.berth.engine.image;

import dev.berth.engine.ImageService.DeleteItem;
import dev.berth.engine.ImageService.PruneReport;
import dev.berth.errors.BerthException;
import dev.berth.image.content.ContentStore;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.StoredImage;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.Json;
import dev.berth.oci.Manifest;
import dev.berth.storage.SnapshotInfo;
import dev.berth.storage.Snapshotter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mark and sweep over the content store and the snapshotter. The marks are every image's manifest, config
 * and layer blobs and the chain IDs of its layers; everything else is swept: unmarked blobs, unmarked
 * committed snapshots (children before parents) and {@code extract-} snapshots left by a crash. Blobs under an
 * upload lease are kept too: they were sent for an image whose commit has not come yet. The caller must hold
 * the service's exclusive lock, so that no writer adds content that is not yet referenced.
 */
final class GarbageCollector {
  static final String EXTRACT_PREFIX = "extract-";

  private final ImageStore images;
  private final ContentStore content;
  private final Snapshotter snapshotter;

  GarbageCollector(ImageStore images, ContentStore content, Snapshotter snapshotter) {
    this.images = images;
    this.content = content;
    this.snapshotter = snapshotter;
  }

  /** Sweeps; the report lists removed snapshots as "Deleted: <chainID>", as docker rmi shows layers. */
  PruneReport collect() {
    Set<Digest> blobs = new HashSet<>();
    Set<String> chains = new HashSet<>();
    for (StoredImage image : images.images()) mark(image, blobs, chains);
    List<DeleteItem> deleted = new ArrayList<>();
    long reclaimed = sweepSnapshots(chains, deleted);
    reclaimed += sweepBlobs(blobs);
    return new PruneReport(deleted, reclaimed);
  }

  private void mark(StoredImage image, Set<Digest> blobs, Set<String> chains) {
    blobs.add(image.manifest().digest());
    blobs.add(image.id());
    if (!content.exists(image.manifest().digest())) return;
    Manifest manifest = Json.read(content.read(image.manifest().digest()), Manifest.class);
    blobs.add(manifest.config().digest());
    manifest.layers().forEach(l -> blobs.add(l.digest()));
    if (!content.exists(manifest.config().digest())) return;
    ImageConfig config = Json.read(content.read(manifest.config().digest()), ImageConfig.class);
    ChainIds.of(config.diffIds()).forEach(c -> chains.add(c.toString()));
  }

  private long sweepBlobs(Set<Digest> marked) {
    List<ContentStore.BlobInfo> garbage = new ArrayList<>();
    content.walk(b -> {
      if (!marked.contains(b.digest())) garbage.add(b);
    });
    // read after the walk: an upload leases its blob before the blob appears, so any blob walked has its lease by now
    Set<Digest> leased = content.leased();
    garbage.removeIf(b -> leased.contains(b.digest()));
    long reclaimed = 0;
    for (ContentStore.BlobInfo b : garbage) {
      content.delete(b.digest());
      reclaimed += b.size();
    }
    return reclaimed;
  }

  private long sweepSnapshots(Set<String> marked, List<DeleteItem> deleted) {
    Map<String, SnapshotInfo> all = new HashMap<>();
    snapshotter.walk(s -> all.put(s.name(), s));
    long reclaimed = 0;
    boolean progress = true;
    while (progress) {
      progress = false;
      for (SnapshotInfo s : List.copyOf(all.values())) {
        if (!isGarbage(s, marked) || hasChild(all, s.name())) continue;
        reclaimed += removeSnapshot(s, deleted);
        all.remove(s.name());
        progress = true;
      }
    }
    return reclaimed;
  }

  private static boolean isGarbage(SnapshotInfo s, Set<String> marked) {
    return switch (s.kind()) {
      case COMMITTED -> !marked.contains(s.name());
      case ACTIVE, VIEW -> s.name().startsWith(EXTRACT_PREFIX);
    };
  }

  private static boolean hasChild(Map<String, SnapshotInfo> all, String name) {
    return all.values().stream().anyMatch(c -> name.equals(c.parent()));
  }

  private long removeSnapshot(SnapshotInfo s, List<DeleteItem> deleted) {
    long size = 0;
    try {
      size = snapshotter.usage(s.name()).size();
    } catch (BerthException ignored) {
      // usage is a courtesy; the removal matters
    }
    snapshotter.remove(s.name());
    if (s.kind() == SnapshotInfo.Kind.COMMITTED) deleted.add(new DeleteItem(null, s.name()));
    return size;
  }
}
