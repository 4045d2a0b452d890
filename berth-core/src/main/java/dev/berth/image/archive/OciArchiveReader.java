package dev.berth.image.archive;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.image.archive.PendingImage.BlobSource;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageReference;
import dev.berth.oci.Index;
import dev.berth.oci.Manifest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the images of an OCI image layout (an OCI archive, or the layout half of a docker-save tar).
 * Each entry of {@code index.json} is one image; an entry that is an index is followed, through nested
 * indexes, to its linux/amd64 manifest. Tags come from the entry's annotations: {@code
 * io.containerd.image.name} (a full reference) or else {@code org.opencontainers.image.ref.name} when that
 * is a full reference too; a bare tag such as skopeo's and umoci's says no repository, so the image
 * loads untagged, as Docker does.
 */
final class OciArchiveReader {
  private OciArchiveReader() {}

  private static final int MAX_DEPTH = 8;

  static List<PendingImage> read(OciLayout layout) {
    Map<Digest, PendingImage> byManifest = new LinkedHashMap<>();
    for (Descriptor entry : layout.index().manifests()) {
      if (!isImage(entry)) continue;
      String label = "index.json entry " + entry.digest();
      Descriptor manifest = select(layout, entry, 0);
      if (manifest == null) {
        throw new InvalidArgumentException(layout.action() + ": " + label + " has no manifest for " + Platform.LINUX_AMD64);
      }
      List<ImageReference> tags = tags(layout, entry);
      PendingImage image = byManifest.computeIfAbsent(manifest.digest(), d -> pending(layout, manifest, label));
      byManifest.put(manifest.digest(), image.withTags(merge(image.tags(), tags)));
    }
    if (byManifest.isEmpty()) throw new InvalidArgumentException(layout.action() + ": index.json lists no image");
    return List.copyOf(byManifest.values());
  }

  /** The blobs of one image manifest in the layout, checked to be present with the right sizes. */
  static PendingImage pending(OciLayout layout, Descriptor manifestDescriptor, String label) {
    Manifest manifest = layout.readJson(manifestDescriptor, Manifest.class, "manifest of " + label);
    List<BlobSource> blobs = new ArrayList<>();
    Descriptor config = manifest.config();
    blobs.add(source(layout, config, "config of " + label));
    List<Descriptor> layers = manifest.layers();
    for (int i = 0; i < layers.size(); i++) {
      blobs.add(source(layout, layers.get(i), "layer " + (i + 1) + " of " + label));
    }
    blobs.add(source(layout, manifestDescriptor, "manifest of " + label));
    Descriptor stored = manifestDescriptor.withAnnotations(null);
    return new PendingImage(stored, config.digest(), List.of(), blobs);
  }

  private static BlobSource source(OciLayout layout, Descriptor descriptor, String role) {
    return BlobSource.file(ExportPlan.blobPath(descriptor.digest()) + " (" + role + ")", descriptor, layout.requireBlob(descriptor, role));
  }

  /** The manifest an entry stands for: itself, or the linux/amd64 one found through nested indexes. */
  private static Descriptor select(OciLayout layout, Descriptor descriptor, int depth) {
    if (MediaTypes.isManifest(descriptor.mediaType())) return descriptor;
    if (depth >= MAX_DEPTH) {
      throw new InvalidArgumentException(layout.action() + ": index " + descriptor.digest() + " nests deeper than " + MAX_DEPTH + " levels");
    }
    Index index = layout.readJson(descriptor, Index.class, "index " + descriptor.digest());
    for (boolean exact : new boolean[] {true, false}) {
      for (Descriptor child : index.manifests()) {
        boolean candidate = exact ? Platform.LINUX_AMD64.matches(child.platform()) : child.platform() == null;
        if (!candidate || !isImage(child)) continue;
        Descriptor manifest = select(layout, child, depth + 1);
        if (manifest != null) return manifest;
      }
    }
    return null;
  }

  private static boolean isImage(Descriptor descriptor) {
    return MediaTypes.isManifest(descriptor.mediaType()) || MediaTypes.isIndex(descriptor.mediaType());
  }

  private static List<ImageReference> tags(OciLayout layout, Descriptor entry) {
    String name = entry.annotation(ExportPlan.ANNOTATION_IMAGE_NAME);
    String refName = entry.annotation(ExportPlan.ANNOTATION_REF_NAME);
    if (name == null && refName != null && (refName.contains("/") || refName.contains(":"))) name = refName;
    if (name == null) return List.of();
    try {
      ImageReference reference = ImageReference.parse(name);
      return reference.tag() == null ? List.of() : List.of(reference);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(layout.action() + ": index.json entry " + entry.digest() + " is annotated with a bad image name: "
          + e.getMessage(), e);
    }
  }

  static List<ImageReference> merge(List<ImageReference> a, List<ImageReference> b) {
    List<ImageReference> all = new ArrayList<>(a);
    for (ImageReference reference : b) if (!all.contains(reference)) all.add(reference);
    return all;
  }
}
