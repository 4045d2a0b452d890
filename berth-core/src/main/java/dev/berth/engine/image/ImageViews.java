package dev.berth.engine.image;

import dev.berth.engine.Image;
import dev.berth.image.content.ContentStore;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.StoredImage;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageReference;
import dev.berth.oci.Json;
import dev.berth.oci.Manifest;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns stored images into the engine's {@link Image} view: parsed config, sorted tags, size. Configs and
 * manifests are immutable (their digest is their name), so parsed ones are cached by digest.
 */
final class ImageViews {
  private final ImageStore store;
  private final ContentStore content;
  private final Map<Digest, ImageConfig> configs = new ConcurrentHashMap<>();
  private final Map<Digest, Manifest> manifests = new ConcurrentHashMap<>();

  ImageViews(ImageStore store, ContentStore content) {
    this.store = store;
    this.content = content;
  }

  Image view(StoredImage stored) {
    List<ImageReference> tags = tagsOf(stored.id());
    long size = stored.size() >= 0 ? stored.size() : manifest(stored).layers().stream().mapToLong(l -> l.size()).sum();
    return new Image(stored.id(), stored.manifest(), config(stored.id()), tags, stored.repoDigests(), size, stored.stored());
  }

  List<ImageReference> tagsOf(Digest id) {
    return store.tags().entrySet().stream()
        .filter(e -> e.getValue().equals(id))
        .map(Map.Entry::getKey)
        .sorted(Comparator.comparing(ImageReference::toString))
        .toList();
  }

  ImageConfig config(Digest id) {
    return configs.computeIfAbsent(id, d -> Json.read(content.read(d), ImageConfig.class));
  }

  Manifest manifest(StoredImage stored) {
    return manifests.computeIfAbsent(stored.manifest().digest(), d -> Json.read(content.read(d), Manifest.class));
  }

  void forget(Digest id, Digest manifest) {
    configs.remove(id);
    manifests.remove(manifest);
  }
}
