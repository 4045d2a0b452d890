package dev.berth.engine.image;

import dev.berth.engine.image.ImageArchive.ArchivedImage;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.StoredImage;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses what {@code docker save} writes for the names given: a tagged reference saves that image under
 * that tag; a bare repository name ({@code busybox}) saves every tag of the repository; an ID saves the
 * image without tags. Names of one image are merged into one entry.
 */
final class SaveSelection {
  private final ImageStore store;
  private final ImageResolver resolver;
  private final ImageViews views;

  SaveSelection(ImageStore store, ImageResolver resolver, ImageViews views) {
    this.store = store;
    this.resolver = resolver;
    this.views = views;
  }

  List<ArchivedImage> select(List<String> names) {
    if (names == null || names.isEmpty()) throw new InvalidArgumentException("saving images: no image names given");
    Map<Digest, Set<ImageReference>> tags = new LinkedHashMap<>();
    Map<Digest, StoredImage> images = new LinkedHashMap<>();
    for (String name : names) {
      for (Map.Entry<ImageReference, Digest> e : matches(name).entrySet()) {
        images.computeIfAbsent(e.getValue(), id -> store.image(id).orElseThrow());
        Set<ImageReference> set = tags.computeIfAbsent(e.getValue(), id -> new LinkedHashSet<>());
        if (e.getKey() != null) set.add(e.getKey());
      }
    }
    List<ArchivedImage> out = new ArrayList<>();
    images.forEach((id, image) -> out.add(new ArchivedImage(image.manifest(), new ArrayList<>(tags.get(id)))));
    return out;
  }

  /** Tag to image for one name; a null key means "this image, untagged". */
  private Map<ImageReference, Digest> matches(String name) {
    Map<ImageReference, Digest> out = new LinkedHashMap<>();
    ImageReference ref = ImageResolver.tryParse(name.strip());
    if (ref != null && isBareRepository(name.strip())) {
      store.tags().forEach((t, id) -> {
        if (t.repository().equals(ref.repository()) && t.digest() == null) out.put(t, id);
      });
      if (!out.isEmpty()) return sorted(out);
    }
    ImageReference tagged = resolver.taggedReference(name);
    StoredImage image = resolver.resolve(name);
    out.put(tagged, image.id());
    return out;
  }

  private Map<ImageReference, Digest> sorted(Map<ImageReference, Digest> m) {
    Map<ImageReference, Digest> out = new LinkedHashMap<>();
    m.keySet().stream().sorted(java.util.Comparator.comparing(ImageReference::toString)).forEach(k -> out.put(k, m.get(k)));
    return out;
  }

  private static boolean isBareRepository(String text) {
    int slash = text.lastIndexOf('/');
    return text.indexOf('@') < 0 && text.indexOf(':', slash + 1) < 0 && !ImageReference.looksLikeId(text);
  }
}
