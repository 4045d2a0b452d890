package dev.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.Json;
import java.io.IOException;

/**
 * The media type of a manifest: its own {@code mediaType} member when it has one (OCI makes it optional but
 * Docker's types always carry it), else the {@code Content-Type} the registry sent, else a guess from the
 * shape ({@code manifests} means an index, {@code config} a manifest).
 */
final class MediaTypeSniffer {
  private MediaTypeSniffer() {}

  static String mediaType(String contentType, byte[] bytes) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(bytes);
    } catch (IOException e) {
      node = null;
    }
    if (node != null && node.path("mediaType").isTextual()) return node.get("mediaType").asText();
    String header = contentType == null ? "" : contentType.split(";")[0].strip();
    if (!header.isEmpty() && !header.equals("application/json") && !header.equals("application/octet-stream")) return header;
    if (node != null && node.has("manifests")) return dev.berth.oci.MediaTypes.OCI_INDEX;
    if (node != null && node.has("config")) return dev.berth.oci.MediaTypes.OCI_MANIFEST;
    if (node != null && node.path("schemaVersion").asInt() == 1) return "application/vnd.docker.distribution.manifest.v1+json";
    return header.isEmpty() ? "application/octet-stream" : header;
  }
}
