package dev.berth.image.archive;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.image.content.ContentStore;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.Index;
import dev.berth.oci.Json;
import dev.berth.oci.Manifest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.Platform;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;

/**
 * Every blob one saved image needs, read from the content store: its manifest (or index, with those of
 * its child manifests that are present), config and layers. For an index, {@code config} and {@code layers}
 * are those of its linux/amd64 manifest, which is what Docker's {@code manifest.json} lists.
 */
record ImageClosure(boolean isIndex, List<Digest> blobs, Digest config, List<Digest> layers, Platform platform) {
  private static final int MAX_DEPTH = 8;

  ImageClosure {
    blobs = List.copyOf(blobs);
    layers = List.copyOf(layers);
  }

  static ImageClosure of(ContentStore store, Descriptor descriptor) {
    return of(store, descriptor, 0);
  }

  private static ImageClosure of(ContentStore store, Descriptor descriptor, int depth) {
    if (depth > MAX_DEPTH) {
      throw new InvalidArgumentException("save: index " + descriptor.digest() + " nests deeper than " + MAX_DEPTH + " levels");
    }
    if (MediaTypes.isIndex(descriptor.mediaType())) return ofIndex(store, descriptor, depth);
    if (MediaTypes.isManifest(descriptor.mediaType())) return ofManifest(store, descriptor);
    throw new InvalidArgumentException(
        "save: " + descriptor.digest() + " has media type " + descriptor.mediaType() + ", which is neither a manifest nor an index");
  }

  private static ImageClosure ofManifest(ContentStore store, Descriptor descriptor) {
    Manifest manifest = parse(read(store, descriptor), Manifest.class, descriptor);
    List<Digest> blobs = new ArrayList<>();
    blobs.add(descriptor.digest());
    blobs.add(manifest.config().digest());
    List<Digest> layers = manifest.layers().stream().map(Descriptor::digest).toList();
    blobs.addAll(layers);
    Platform platform = descriptor.platform();
    if (platform == null && store.exists(manifest.config().digest())) {
      ImageConfig config = parse(store.read(manifest.config().digest()), ImageConfig.class, manifest.config());
      if (config.architecture() != null && config.os() != null) {
        platform = new Platform(config.architecture(), config.os(), null, null, config.variant());
      }
    }
    return new ImageClosure(false, blobs, manifest.config().digest(), layers, platform);
  }

  private static ImageClosure ofIndex(ContentStore store, Descriptor descriptor, int depth) {
    Index index = parse(read(store, descriptor), Index.class, descriptor);
    SequencedSet<Digest> blobs = new LinkedHashSet<>();
    blobs.add(descriptor.digest());
    ImageClosure primary = null;
    for (Descriptor child : index.manifests()) {
      boolean image = MediaTypes.isIndex(child.mediaType()) || MediaTypes.isManifest(child.mediaType());
      if (!image || !store.exists(child.digest())) continue;
      ImageClosure closure = of(store, child, depth + 1);
      blobs.addAll(closure.blobs());
      boolean amd64 = Platform.LINUX_AMD64.matches(child.platform() != null ? child.platform() : closure.platform());
      if (primary == null || (amd64 && !Platform.LINUX_AMD64.matches(primary.platform()))) primary = closure;
    }
    if (primary == null) {
      throw new NotFoundException("save: index " + descriptor.digest() + " has none of its manifests in the content store");
    }
    return new ImageClosure(true, List.copyOf(blobs), primary.config(), primary.layers(), primary.platform());
  }

  private static byte[] read(ContentStore store, Descriptor descriptor) {
    if (!store.exists(descriptor.digest())) {
      throw new NotFoundException("save: manifest " + descriptor.digest() + " is missing from the content store");
    }
    return store.read(descriptor.digest());
  }

  private static <T> T parse(byte[] bytes, Class<T> type, Descriptor descriptor) {
    try {
      return Json.read(bytes, type);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("save: blob " + descriptor.digest() + " is not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
