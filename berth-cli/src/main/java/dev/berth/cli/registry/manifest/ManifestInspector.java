package dev.berth.cli.registry.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.errors.NotFoundException;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageReference;
import dev.berth.oci.Json;
import dev.berth.oci.MediaTypes;
import dev.berth.registry.PulledManifest;
import dev.berth.registry.RegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * Reads what a registry holds under one reference and shapes it as {@code docker manifest inspect} shows it:
 * the manifest or index itself; or, verbose, one record per image (its reference, its descriptor with the
 * platform, the raw bytes and the parsed manifest), an array of them for an index.
 */
final class ManifestInspector {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final RegistryClient client;
  private final ImageReference ref;

  ManifestInspector(RegistryClient client, ImageReference ref) {
    this.client = client;
    this.ref = ref;
  }

  /** The manifest or index as the registry sent it. */
  JsonNode plain() {
    return tree(fetch(tagOrDigest()));
  }

  /** Docker's verbose form: one image record for a manifest, an array of them for an index. */
  JsonNode verbose() {
    PulledManifest top = fetch(tagOrDigest());
    if (!MediaTypes.isIndex(top.mediaType())) return image(ref.toString(), top, platformFromConfig(top));
    ArrayNode images = NODES.arrayNode();
    for (JsonNode entry : tree(top).path("manifests")) {
      PulledManifest child = fetch(entry.path("digest").asText());
      images.add(image(ref + "@" + child.digest(), child, entry.path("platform")));
    }
    return images;
  }

  private String tagOrDigest() {
    return ref.digest() != null ? ref.digest().toString() : ref.tag();
  }

  private PulledManifest fetch(String tagOrDigest) {
    try {
      return client.pullManifest(tagOrDigest);
    } catch (NotFoundException e) {
      throw new NotFoundException("no such manifest: " + ref, e);
    }
  }

  private static ObjectNode image(String reference, PulledManifest manifest, JsonNode platform) {
    ObjectNode image = NODES.objectNode();
    image.put("Ref", reference);
    ObjectNode descriptor = image.putObject("Descriptor");
    descriptor.put("mediaType", manifest.mediaType());
    descriptor.put("digest", manifest.digest().toString());
    descriptor.put("size", manifest.bytes().length);
    if (platform != null && !platform.isMissingNode() && !platform.isEmpty()) descriptor.set("platform", platform);
    image.put("Raw", Base64.getEncoder().encodeToString(manifest.bytes()));
    String key = manifest.mediaType().equals(MediaTypes.OCI_MANIFEST) ? "OCIManifest" : "SchemaV2Manifest";
    image.set(key, tree(manifest));
    return image;
  }

  /** A lone manifest names no platform; docker reads it from the image config, as done here. */
  private JsonNode platformFromConfig(PulledManifest manifest) {
    JsonNode config = tree(manifest).path("config");
    if (!config.hasNonNull("digest")) return null;
    JsonNode image;
    try (InputStream in = client.pullBlob(Digest.parse(config.get("digest").asText()), config.path("size").asLong(-1))) {
      image = Json.MAPPER.readTree(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("reading the config of " + ref + ": " + e.getMessage(), e);
    }
    ObjectNode platform = NODES.objectNode();
    platform.put("architecture", image.path("architecture").asText(""));
    platform.put("os", image.path("os").asText(""));
    if (image.hasNonNull("variant")) platform.put("variant", image.get("variant").asText());
    return platform;
  }

  private static JsonNode tree(PulledManifest manifest) {
    try {
      return Json.MAPPER.readTree(manifest.bytes());
    } catch (IOException e) {
      throw new UncheckedIOException("malformed manifest " + manifest.digest() + ": " + e.getMessage(), e);
    }
  }
}
