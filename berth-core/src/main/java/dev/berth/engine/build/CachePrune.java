package dev.berth.engine.build;

import dev.berth.engine.ContainerService;
import dev.berth.engine.ContainerView;
import dev.berth.engine.Image;
import dev.berth.engine.ImageService;
import dev.berth.engine.BuildService.PruneReport;
import dev.berth.errors.BerthException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Digest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code builder prune}: forgets every cache entry, then removes the images only the cache kept (untagged and
 * not used by any container), and reports them with the space freed. Tagged images and images that
 * containers use stay, even when a cache entry named them.
 */
final class CachePrune {
  private static final Set<String> FILTERS = Set.of("until", "label", "label!", "type", "id", "parent", "private", "shared", "description", "inuse");

  private final ImageService images;
  private final Supplier<ContainerService> containers;
  private final BuildCache cache;

  CachePrune(ImageService images, Supplier<ContainerService> containers, BuildCache cache) {
    this.images = images;
    this.containers = containers;
    this.cache = cache;
  }

  PruneReport prune(Map<String, List<String>> filters) {
    if (filters != null) {
      for (String k : filters.keySet()) {
        if (!FILTERS.contains(k)) throw new InvalidArgumentException("invalid filter '" + k + "'");
      }
    }
    List<Digest> cached = cache.clear();
    Set<Digest> used = usedByContainers();
    long before = usage();
    List<String> deleted = new ArrayList<>();
    for (Digest id : new java.util.LinkedHashSet<>(cached)) {
      Image image;
      try {
        image = images.inspect(id.toString());
      } catch (BerthException e) {
        continue;
      }
      if (!image.tags().isEmpty() || used.contains(id)) continue;
      try {
        images.remove(id.toString(), false, true);
        deleted.add(id.toString());
      } catch (BerthException e) {
        // in use after all (a container made meanwhile): it stays
      }
    }
    long after = usage();
    return new PruneReport(deleted, Math.max(0, before - after));
  }

  private Set<Digest> usedByContainers() {
    Set<Digest> used = new HashSet<>();
    try {
      for (ContainerView v : containers.get().list(ContainerService.ListOptions.ALL)) used.add(v.container().imageId());
    } catch (BerthException e) {
      // no container runtime on this host: no container uses anything
    }
    return used;
  }

  private long usage() {
    ImageService.DiskUsage du = images.diskUsage();
    return du.contentSize() + du.layersSize();
  }
}
