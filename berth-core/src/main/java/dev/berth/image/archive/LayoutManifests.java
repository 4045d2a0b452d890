package dev.berth.image.archive;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.Index;
import dev.berth.oci.Manifest;
import dev.berth.oci.MediaTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every image manifest an OCI layout holds, through nested indexes, for matching the entries of a Docker
 * {@code manifest.json} in the same tar to the manifest they were saved from.
 */
record LayoutManifests(OciLayout layout, List<Found> manifests) {
  private static final Pattern BLOB_PATH = Pattern.compile("blobs/sha256/([a-f0-9]{64})");
  private static final int MAX_DEPTH = 8;

  record Found(Descriptor descriptor, Manifest manifest) {}

  LayoutManifests {
    manifests = List.copyOf(manifests);
  }

  static LayoutManifests of(OciLayout layout) {
    List<Found> found = new ArrayList<>();
    for (Descriptor entry : layout.index().manifests()) collect(layout, entry, found, 0);
    return new LayoutManifests(layout, found);
  }

  private static void collect(OciLayout layout, Descriptor descriptor, List<Found> found, int depth) {
    if (depth > MAX_DEPTH || layout.blob(descriptor.digest()).isEmpty()) return;
    String role = "manifest " + descriptor.digest();
    if (MediaTypes.isManifest(descriptor.mediaType())) {
      found.add(new Found(descriptor, layout.readJson(descriptor, Manifest.class, role)));
    } else if (MediaTypes.isIndex(descriptor.mediaType())) {
      for (Descriptor child : layout.readJson(descriptor, Index.class, "index " + descriptor.digest()).manifests()) {
        collect(layout, child, found, depth + 1);
      }
    }
  }

  /** The layout's manifest with exactly this entry's config and layers, as the image's pending blobs. */
  Optional<PendingImage> find(DockerManifestItem item, String label) {
    Optional<Digest> config = digestOf(item.config());
    List<Digest> layers = new ArrayList<>();
    for (String layer : item.layers()) {
      Optional<Digest> digest = digestOf(layer);
      if (digest.isEmpty()) return Optional.empty();
      layers.add(digest.get());
    }
    if (config.isEmpty()) return Optional.empty();
    for (Found found : manifests) {
      List<Digest> foundLayers = found.manifest().layers().stream().map(Descriptor::digest).toList();
      if (found.manifest().config().digest().equals(config.get()) && foundLayers.equals(layers)) {
        return Optional.of(OciArchiveReader.pending(layout, found.descriptor(), label));
      }
    }
    return Optional.empty();
  }

  private static Optional<Digest> digestOf(String path) {
    String normalized = path == null ? null : ExtractedArchive.normalize(path);
    if (normalized == null) return Optional.empty();
    Matcher m = BLOB_PATH.matcher(normalized);
    return m.matches() ? Optional.of(new Digest("sha256", m.group(1))) : Optional.empty();
  }
}
