package dev.berth.image.archive;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import dev.berth.image.archive.PendingImage.BlobSource;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageReference;
import dev.berth.oci.Json;
import dev.berth.oci.Manifest;
import dev.berth.oci.MediaTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the images of a tar with Docker's {@code manifest.json}. When the tar is also an OCI layout
 * (Docker 25+ and Berth's own saves) and the layout holds a manifest with the entry's config and layers,
 * that manifest is loaded byte for byte. Otherwise (older Docker, skopeo's docker-archive) a Docker schema2
 * manifest is synthesised over the files: the config is kept byte for byte, so the image ID does not change,
 * and each layer is hashed to check it against the config's diff IDs.
 */
final class DockerArchiveReader {
  private DockerArchiveReader() {}

  private static final Pattern NAMED_BY_DIGEST = Pattern.compile("(?:blobs/sha256/([a-f0-9]{64}))|(?:([a-f0-9]{64})\\.json)");

  static List<PendingImage> read(ExtractedArchive archive) {
    DockerManifestItem[] items = ArchiveJson.read(readSmall(archive.file("manifest.json", "image list")), DockerManifestItem[].class, "manifest.json");
    if (items.length == 0) throw new InvalidArgumentException("load: manifest.json lists no images");
    Optional<LayoutManifests> layout = archive.has("index.json") && archive.has("oci-layout")
        ? Optional.of(LayoutManifests.of(OciLayout.open(archive.root(), "load")))
        : Optional.empty();
    Map<Digest, PendingImage> byManifest = new LinkedHashMap<>();
    for (int i = 0; i < items.length; i++) {
      DockerManifestItem item = items[i];
      String label = item.repoTags().isEmpty() ? "image " + (i + 1) + " of manifest.json" : item.repoTags().getFirst();
      if (item.config() == null || item.layers() == null) {
        throw new InvalidArgumentException("load: manifest.json entry " + (i + 1) + " lacks its Config or Layers");
      }
      List<ImageReference> tags = tags(item, label);
      PendingImage image = layout.flatMap(l -> l.find(item, label)).orElseGet(() -> synthesize(archive, item, label));
      PendingImage known = byManifest.getOrDefault(image.manifest().digest(), image);
      byManifest.put(image.manifest().digest(), known.withTags(OciArchiveReader.merge(known.tags(), tags)));
    }
    return List.copyOf(byManifest.values());
  }

  private static List<ImageReference> tags(DockerManifestItem item, String label) {
    List<ImageReference> tags = new ArrayList<>();
    for (String repoTag : item.repoTags()) {
      try {
        ImageReference reference = ImageReference.parse(repoTag);
        if (reference.tag() != null && !tags.contains(reference)) tags.add(reference);
      } catch (IllegalArgumentException e) {
        throw new InvalidArgumentException("load: manifest.json gives " + label + " a bad RepoTag: " + e.getMessage(), e);
      }
    }
    return tags;
  }

  private static PendingImage synthesize(ExtractedArchive archive, DockerManifestItem item, String label) {
    Path configFile = archive.file(item.config(), "config of " + label);
    byte[] configBytes = readSmall(configFile);
    Digest configDigest = Digest.sha256(configBytes);
    checkName(item.config(), configDigest);
    ImageConfig config = ArchiveJson.read(configBytes, ImageConfig.class, item.config());
    List<Digest> diffIds = config.diffIds();
    if (diffIds.size() != item.layers().size()) {
      throw new InvalidArgumentException("load: manifest.json lists " + item.layers().size() + " layers for " + label
          + ", but its config " + item.config() + " lists " + diffIds.size() + " diff IDs");
    }
    List<LayerDigest> layers = new ArrayList<>();
    List<BlobSource> blobs = new ArrayList<>();
    blobs.add(BlobSource.bytes(item.config() + " (config of " + label + ")", configDigest, configBytes));
    for (int i = 0; i < item.layers().size(); i++) {
      String name = item.layers().get(i);
      Path file = archive.file(name, "layer " + (i + 1) + " of " + label);
      LayerDigest layer = LayerDigest.of(file, name);
      checkName(name, layer.digest());
      if (!layer.diffId().equals(diffIds.get(i))) {
        throw new InvalidArgumentException("load: layer " + name + " of " + label + " has diff ID " + layer.diffId()
            + ", but its config lists " + diffIds.get(i));
      }
      layers.add(layer);
      blobs.add(new BlobSource(name + " (layer " + (i + 1) + " of " + label + ")", layer.digest(), layer.size(), file, null));
    }
    Manifest manifest = manifest(configDigest, configBytes.length, layers);
    byte[] manifestBytes = Json.write(manifest);
    Digest manifestDigest = Digest.sha256(manifestBytes);
    blobs.add(BlobSource.bytes("the manifest synthesised for " + label, manifestDigest, manifestBytes));
    Descriptor descriptor = Descriptor.of(manifest.mediaType(), manifestDigest, manifestBytes.length);
    return new PendingImage(descriptor, configDigest, List.of(), blobs);
  }

  /** A Docker schema2 manifest, or an OCI one when a layer is zstd (which schema2 cannot name). */
  private static Manifest manifest(Digest configDigest, long configSize, List<LayerDigest> layers) {
    boolean oci = layers.stream().anyMatch(l -> l.compression().dockerMediaType == null);
    List<Descriptor> descriptors = layers.stream()
        .map(l -> Descriptor.of(oci ? l.compression().ociMediaType : l.compression().dockerMediaType, l.digest(), l.size()))
        .toList();
    Descriptor config = Descriptor.of(oci ? MediaTypes.OCI_CONFIG : MediaTypes.DOCKER_CONFIG, configDigest, configSize);
    return new Manifest(2, oci ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST, null, config, descriptors, null, null);
  }

  /** A file named after its digest ({@code blobs/sha256/<hex>}, {@code <hex>.json}) must match it. */
  private static void checkName(String name, Digest actual) {
    Matcher m = NAMED_BY_DIGEST.matcher(ExtractedArchive.normalize(name));
    if (!m.matches()) return;
    String expected = m.group(1) != null ? m.group(1) : m.group(2);
    if (!expected.equals(actual.encoded())) {
      throw new InvalidArgumentException("load: " + name + " does not match its digest: its content hashes to " + actual);
    }
  }

  private static byte[] readSmall(Path file) {
    try {
      if (Files.size(file) > OciLayout.MAX_JSON_BLOB) {
        throw new InvalidArgumentException("load: " + file.getFileName() + " is too large for a JSON document");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new SystemException("load: cannot read " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }
}
