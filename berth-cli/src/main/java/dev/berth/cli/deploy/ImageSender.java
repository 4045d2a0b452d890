package dev.berth.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.ApiRequest;
import dev.berth.client.ApiResponse;
import dev.berth.client.DaemonClient;
import dev.berth.client.DaemonException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends one image from the local daemon to a remote one over the {@code /berth/} transfer routes
 * (docs/design-changesets.md): it asks the remote which blobs it lacks, streams only those (from the offset a
 * cut upload left), and commits the manifest and the tag last, so the remote never holds a tag whose blobs are
 * missing. The bytes pass through this process once, streamed.
 *
 * <p>This is deploy's own small sender: {@code berth push ssh://} (h-ssh's) was not on its branch yet. It can
 * give way to that one when it lands.
 */
final class ImageSender {
  /** How often a blob another sender is writing at the same time is asked about again before giving up. */
  private static final int RETRIES = 30;

  private final DaemonClient local;
  private final DaemonClient remote;

  ImageSender(DaemonClient local, DaemonClient remote) {
    this.local = local;
    this.remote = remote;
  }

  /**
   * What one send did: the image's ID, how many blobs crossed, the bytes sent in all and of layers alone, and
   * whether the remote already had the image under that name ("up to date").
   */
  record Sent(String image, String id, int blobs, long bytes, long layerBytes, boolean upToDate) {}

  Sent send(String name) throws IOException {
    JsonNode image = local.json(ApiRequest.get("/berth/images/manifest").query("name", name).build());
    List<JsonNode> blobs = new ArrayList<>();
    image.path("Blobs").forEach(blobs::add);
    JsonNode manifest = image.path("Manifest");
    blobs.add(manifest);
    JsonNode missing = remote.json(post("/berth/blobs/missing", ask(blobs)));
    int count = 0;
    long bytes = 0;
    long layerBytes = 0;
    for (JsonNode m : missing.path("Missing")) {
      String digest = m.path("Digest").asText();
      long offset = m.path("Offset").asLong();
      int index = indexOf(blobs, digest);
      long size = blobs.get(index).path("Size").asLong();
      long sent = put(blobs.get(index), digest, offset, size);
      if (sent == 0) continue;
      count++;
      bytes += sent;
      // Blobs lists the config first, then the layers; the manifest was added last
      if (index > 0 && index < blobs.size() - 1) layerBytes += sent;
    }
    ObjectNode commit = DaemonClient.mapper().createObjectNode()
        .put("Manifest", manifest.path("Digest").asText()).put("MediaType", manifest.path("MediaType").asText());
    commit.putArray("Tags").add(name);
    String status = remote.json(post("/berth/images/commit", commit)).path("Status").asText();
    return new Sent(name, image.path("Id").asText(), count, bytes, layerBytes, count == 0 && status.equals("up to date"));
  }

  /**
   * Sends one blob from {@code offset}; returns the bytes sent. Another sender may be writing the same blob
   * (two deploys to one host at once): the remote then answers 416, and this one asks again where the upload
   * stands, and stops when the other has committed it, or resends from the offset it holds.
   */
  private long put(JsonNode blob, String digest, long offset, long size) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try (ApiResponse from = local.call(ApiRequest.get("/berth/blobs/" + digest).query("offset", offset).build())) {
        remote.json(ApiRequest.put("/berth/blobs/" + digest).query("offset", offset).query("size", size)
            .body(from.body(), "application/octet-stream").build());
        return size - offset;
      } catch (DaemonException e) {
        if (e.status() != 416 || attempt == RETRIES) throw e;
      }
      pause(attempt);
      JsonNode again = remote.json(post("/berth/blobs/missing", ask(List.of(blob)))).path("Missing");
      if (again.isEmpty()) return 0;
      offset = again.get(0).path("Offset").asLong();
    }
  }

  private static void pause(int attempt) throws IOException {
    try {
      Thread.sleep(100L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while another sender wrote the same blob");
    }
  }

  private static ObjectNode ask(List<JsonNode> blobs) {
    ObjectNode ask = DaemonClient.mapper().createObjectNode();
    ArrayNode list = ask.putArray("Blobs");
    blobs.forEach(b -> list.addObject().put("Digest", b.path("Digest").asText()).put("Size", b.path("Size").asLong()));
    return ask;
  }

  private static int indexOf(List<JsonNode> blobs, String digest) throws IOException {
    for (int i = 0; i < blobs.size(); i++) {
      if (blobs.get(i).path("Digest").asText().equals(digest)) return i;
    }
    throw new IOException("the remote asked for blob " + digest + ", which is not part of the image");
  }

  private static ApiRequest post(String path, JsonNode body) throws IOException {
    return ApiRequest.post(path).body(new ByteArrayInputStream(DaemonClient.mapper().writeValueAsBytes(body)), "application/json").build();
  }
}
