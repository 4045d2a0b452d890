package dev.berth.image.archive;

import dev.berth.errors.NotFoundException;
import dev.berth.image.content.ContentStore;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageReference;
import dev.berth.oci.Index;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a save writes, worked out before a byte is written: the blobs to copy and the JSON files that
 * describe them. Every blob is checked to be in the content store first, so a missing one fails the save
 * before the output holds anything.
 */
final class ExportPlan {
  static final String ANNOTATION_IMAGE_NAME = "io.containerd.image.name";
  static final String ANNOTATION_REF_NAME = "org.opencontainers.image.ref.name";
  static final byte[] OCI_LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private final SortedSet<Digest> blobs;
  private final byte[] indexJson;
  private final byte[] manifestJson;
  private final byte[] repositoriesJson;

  private ExportPlan(SortedSet<Digest> blobs, byte[] indexJson, byte[] manifestJson, byte[] repositoriesJson) {
    this.blobs = blobs;
    this.indexJson = indexJson;
    this.manifestJson = manifestJson;
    this.repositoriesJson = repositoriesJson;
  }

  static ExportPlan of(ContentStore store, List<SaveItem> items) {
    SortedSet<Digest> blobs = new TreeSet<>();
    List<Descriptor> indexEntries = new ArrayList<>();
    List<DockerManifestItem> dockerItems = new ArrayList<>();
    Map<String, Map<String, String>> repositories = new TreeMap<>();
    for (SaveItem item : merge(items)) {
      ImageClosure closure = ImageClosure.of(store, item.manifest());
      for (Digest digest : closure.blobs()) {
        if (!store.exists(digest)) {
          throw new NotFoundException("save " + describe(item) + ": blob " + digest + " is missing from the content store");
        }
        blobs.add(digest);
      }
      List<ImageReference> tagged = item.tags().stream().filter(r -> r.tag() != null).distinct().toList();
      indexEntries.addAll(indexEntries(item.manifest(), closure, tagged));
      dockerItems.add(dockerItem(closure, tagged));
      addRepositories(repositories, closure, tagged);
    }
    return new ExportPlan(
        blobs,
        ArchiveJson.write(Index.oci(indexEntries)),
        ArchiveJson.writeLine(dockerItems),
        repositories.isEmpty() ? null : ArchiveJson.writeLine(repositories));
  }

  /** Items for the same manifest become one, as Docker groups a save by image. */
  private static List<SaveItem> merge(List<SaveItem> items) {
    Map<Digest, SaveItem> byManifest = new LinkedHashMap<>();
    for (SaveItem item : items) {
      byManifest.merge(item.manifest().digest(), item, (a, b) -> {
        List<ImageReference> tags = new ArrayList<>(a.tags());
        tags.addAll(b.tags());
        return new SaveItem(a.manifest(), tags);
      });
    }
    return List.copyOf(byManifest.values());
  }

  private static List<Descriptor> indexEntries(Descriptor manifest, ImageClosure closure, List<ImageReference> tags) {
    Descriptor entry = manifest.platform() == null && closure.platform() != null && !closure.isIndex()
        ? manifest.withPlatform(closure.platform())
        : manifest;
    entry = entry.withAnnotations(null);
    if (tags.isEmpty()) return List.of(entry);
    List<Descriptor> entries = new ArrayList<>();
    for (ImageReference tag : tags) {
      entries.add(entry.withAnnotations(Map.of(ANNOTATION_IMAGE_NAME, tag.toString(), ANNOTATION_REF_NAME, tag.tag())));
    }
    return entries;
  }

  private static DockerManifestItem dockerItem(ImageClosure closure, List<ImageReference> tags) {
    return new DockerManifestItem(
        blobPath(closure.config()),
        tags.stream().map(ImageReference::familiar).toList(),
        closure.layers().stream().map(ExportPlan::blobPath).toList(),
        null);
  }

  private static void addRepositories(Map<String, Map<String, String>> repositories, ImageClosure closure, List<ImageReference> tags) {
    if (closure.layers().isEmpty()) return;
    String topLayer = closure.layers().getLast().encoded();
    for (ImageReference tag : tags) {
      repositories.computeIfAbsent(tag.familiarRepository(), r -> new TreeMap<>()).put(tag.tag(), topLayer);
    }
  }

  static String blobPath(Digest digest) {
    return "blobs/" + digest.algorithm() + "/" + digest.encoded();
  }

  private static String describe(SaveItem item) {
    return item.tags().isEmpty() ? item.manifest().digest().toString() : item.tags().getFirst().familiar();
  }

  /** The blobs to copy, sorted by digest. */
  SortedSet<Digest> blobs() {
    return blobs;
  }

  byte[] indexJson() {
    return indexJson.clone();
  }

  byte[] manifestJson() {
    return manifestJson.clone();
  }

  /** The legacy {@code repositories} file, or null when no saved image has both a tag and a layer. */
  byte[] repositoriesJson() {
    return repositoriesJson == null ? null : repositoriesJson.clone();
  }
}
