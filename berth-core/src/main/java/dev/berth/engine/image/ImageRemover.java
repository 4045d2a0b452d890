package dev.berth.engine.image;

import dev.berth.engine.Image;
import dev.berth.engine.ImageService.DeleteItem;
import dev.berth.engine.events.EventBus;
import dev.berth.errors.ConflictException;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.StoredImage;
import dev.berth.oci.ImageReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code rmi} and {@code image prune} on the image store. A tag name removes that tag and, when it
 * was the image's last, the image. An ID removes the image and all its tags, but needs {@code force} when
 * the tags span several repositories. Blobs and snapshots are left to the garbage collector, which the
 * service runs afterwards.
 */
final class ImageRemover {
  private final ImageStore store;
  private final ImageResolver resolver;
  private final ImageViews views;
  private final EventBus events;

  ImageRemover(ImageStore store, ImageResolver resolver, ImageViews views, EventBus events) {
    this.store = store;
    this.resolver = resolver;
    this.views = views;
    this.events = events;
  }

  List<DeleteItem> remove(String nameOrId, boolean force) {
    return remove(nameOrId, force, true);
  }

  /**
   * As {@link #remove(String, boolean)}; unless {@code noPrune}, a deleted image's untagged parents that no
   * other image builds on (a build's intermediate images) go with it, as Docker deletes them.
   */
  List<DeleteItem> remove(String nameOrId, boolean force, boolean noPrune) {
    List<DeleteItem> items = new ArrayList<>();
    ImageReference tagged = resolver.taggedReference(nameOrId);
    if (tagged != null) {
      var id = store.tags().get(tagged);
      untag(tagged, id.toString(), items);
      if (views.tagsOf(id).isEmpty()) store.image(id).ifPresent(i -> {
        delete(i, items);
        if (!noPrune) deleteParents(i, items);
      });
      return items;
    }
    StoredImage image = resolver.resolve(nameOrId);
    List<ImageReference> tags = views.tagsOf(image.id());
    long repositories = tags.stream().map(ImageReference::repository).distinct().count();
    if (repositories > 1 && !force) {
      throw new ConflictException("conflict: unable to delete " + image.id().shortId()
          + " (must be forced) - image is referenced in multiple repositories");
    }
    for (ImageReference t : tags) untag(t, image.id().toString(), items);
    delete(image, items);
    if (!noPrune) deleteParents(image, items);
    return items;
  }

  private void deleteParents(StoredImage image, List<DeleteItem> items) {
    StoredImage child = image;
    while (child.parent() != null) {
      StoredImage parent = store.image(child.parent()).orElse(null);
      if (parent == null || !views.tagsOf(parent.id()).isEmpty() || hasChildren(parent.id())) return;
      delete(parent, items);
      child = parent;
    }
  }

  private boolean hasChildren(dev.berth.oci.Digest id) {
    return store.images().stream().anyMatch(i -> id.equals(i.parent()));
  }

  /** Removes the images that the filters select; returns the lines to print. */
  List<DeleteItem> prune(boolean all, PruneFilters filters) {
    List<DeleteItem> items = new ArrayList<>();
    java.util.Set<dev.berth.oci.Digest> parents = new java.util.HashSet<>();
    store.images().forEach(i -> {
      if (i.parent() != null) parents.add(i.parent());
    });
    for (StoredImage stored : store.images()) {
      Image image = views.view(stored);
      if (!filters.matches(image, all)) continue;
      if (!all && parents.contains(stored.id())) continue; // a build's intermediate: not dangling, as in Docker
      for (ImageReference t : image.tags()) untag(t, stored.id().toString(), items);
      delete(stored, items);
    }
    return items;
  }

  private void untag(ImageReference ref, String id, List<DeleteItem> items) {
    if (!store.untag(ref)) return;
    items.add(new DeleteItem(ref.familiar(), null));
    events.publish("image", "untag", id, Map.of("name", ref.familiar()));
  }

  private void delete(StoredImage image, List<DeleteItem> items) {
    for (String repoDigest : image.repoDigests()) items.add(new DeleteItem(familiar(repoDigest), null));
    store.remove(image.id());
    views.forget(image.id(), image.manifest().digest());
    items.add(new DeleteItem(null, image.id().toString()));
    events.publish("image", "delete", image.id().toString(), Map.of("name", image.id().toString()));
  }

  private static String familiar(String repoDigest) {
    ImageReference ref = ImageResolver.tryParse(repoDigest);
    return ref == null ? repoDigest : ref.familiar();
  }
}
