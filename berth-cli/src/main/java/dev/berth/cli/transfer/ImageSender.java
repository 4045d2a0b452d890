package dev.berth.cli.transfer;

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
 * <p>{@code berth push ssh://HOST IMAGE…} and {@code berth deploy} both send through it; {@link Progress} sees
 * each blob's bytes as they leave and each blob as it is settled, for the in-flight and per-layer lines.
 */
public final class ImageSender {
  /** How often a blob another sender is writing at the same time is asked about again before giving up. */
  private static final int RETRIES = 30;

  private final DaemonClient local;
  private final DaemonClient remote;

  /** What happened to one blob of the image: sent ({@code bytes} from {@code offset}), or already there. */
  public record BlobStep(String digest, Kind kind, long size, long offset, long bytes, boolean alreadyThere) {}

  /** Which part of the image a blob is. */
  public enum Kind { CONFIG, LAYER, MANIFEST }

  /** Told about every blob of the image, in the image's order, once it is settled, and about bytes in flight. */
  @FunctionalInterface
  public interface Progress {
    void blob(BlobStep step);

    /**
     * Told, as a blob's bytes leave, that {@code done} of its {@code size} bytes are sent (a resumed blob counts
     * from its offset). The first call for a blob comes before any byte, with where it starts; then one call per
     * chunk, so a listener that prints must throttle ({@link InFlightLines}).
     */
    default void sending(String digest, Kind kind, long done, long size) {}

    Progress NONE = step -> {};
  }

  public ImageSender(DaemonClient local, DaemonClient remote) {
    this.local = local;
    this.remote = remote;
  }

  /**
   * What one send did: the image's ID, how many blobs crossed, the bytes sent in all and of layers alone, and
   * whether the remote already had the image under that name ("up to date").
   */
  public record Sent(String image, String id, int blobs, long bytes, long layerBytes, boolean upToDate) {}

  public Sent send(String name) throws IOException {
    return send(name, Progress.NONE);
  }

  /** Sends the image {@code name} (a tag the local daemon holds), telling {@code progress} about each blob. */
  public Sent send(String name, Progress progress) throws IOException {
    JsonNode image = local.json(ApiRequest.get("/berth/images/manifest").query("name", name).build());
    List<JsonNode> blobs = new ArrayList<>();
    image.path("Blobs").forEach(blobs::add);
    JsonNode manifest = image.path("Manifest");
    blobs.add(manifest);
    JsonNode missing = remote.json(post("/berth/blobs/missing", ask(blobs)));
    java.util.Map<String, Long> offsets = new java.util.HashMap<>();
    for (JsonNode m : missing.path("Missing")) {
      String digest = m.path("Digest").asText();
      indexOf(blobs, digest); // the remote may only ask for the image's own blobs
      offsets.put(digest, m.path("Offset").asLong());
    }
    int count = 0;
    long bytes = 0;
    long layerBytes = 0;
    for (int index = 0; index < blobs.size(); index++) {
      String digest = blobs.get(index).path("Digest").asText();
      long size = blobs.get(index).path("Size").asLong();
      // Blobs lists the config first, then the layers; the manifest was added last
      Kind kind = index == 0 ? Kind.CONFIG : index == blobs.size() - 1 ? Kind.MANIFEST : Kind.LAYER;
      Long offset = offsets.get(digest);
      long sent = offset == null ? 0 : put(blobs.get(index), digest, offset, size, done -> progress.sending(digest, kind, done, size));
      progress.blob(new BlobStep(digest, kind, size, offset == null ? size : offset, sent, sent == 0));
      if (sent == 0) continue;
      count++;
      bytes += sent;
      if (kind == Kind.LAYER) layerBytes += sent;
    }
    ObjectNode commit = DaemonClient.mapper().createObjectNode()
        .put("Manifest", manifest.path("Digest").asText()).put("MediaType", manifest.path("MediaType").asText());
    commit.putArray("Tags").add(name);
    String status = remote.json(post("/berth/images/commit", commit)).path("Status").asText();
    return new Sent(name, image.path("Id").asText(), count, bytes, layerBytes, count == 0 && status.equals("up to date"));
  }

  /**
   * Sends one blob from {@code offset}; returns the bytes sent. Another sender may be writing the same blob
   * (two deploys to one host at once): the remote makes this PUT wait for it and answers that the blob is
   * committed. When the other died part-way, the remote answers 416, and this one asks again where the upload
   * stands and resends from the offset it holds.
   */
  private long put(JsonNode blob, String digest, long offset, long size, java.util.function.LongConsumer sending) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try (ApiResponse from = local.call(ApiRequest.get("/berth/blobs/" + digest).query("offset", offset).build())) {
        remote.json(ApiRequest.put("/berth/blobs/" + digest).query("offset", offset).query("size", size)
            .body(new Counting(from.body(), offset, sending), "application/octet-stream").build());
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

  /** Counts the bytes read through it, from {@code start}, telling {@code sending} after each read. */
  private static final class Counting extends java.io.FilterInputStream {
    private final java.util.function.LongConsumer sending;
    private long done;

    Counting(java.io.InputStream in, long start, java.util.function.LongConsumer sending) {
      super(in);
      this.done = start;
      this.sending = sending;
      sending.accept(start); // where the blob starts: 0, or a cut upload's offset
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) sending.accept(++done);
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) sending.accept(done += n);
      return n;
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
