package dev.berth.api.transfer;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.api.ApiContext;
import dev.berth.api.Exchange;
import dev.berth.api.Router;
import dev.berth.engine.ImageReceiver;
import dev.berth.engine.ImageReceiver.BlobRef;
import dev.berth.engine.ImageService;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Digest;
import dev.berth.oci.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The receiving end of {@code berth push ssh://host}, a Berth extension of the Engine API under
 * {@code /berth/} (see docs/design-changesets.md):
 *
 * <ul>
 *   <li>{@code POST /berth/blobs/missing} with {@code {"Blobs":[{"Digest":"sha256:…","Size":123}]}} answers
 *       {@code {"Missing":[{"Digest":"sha256:…","Offset":0}]}}: the blobs this host lacks, and for each the bytes
 *       a cut upload already left here;
 *   <li>{@code PUT /berth/blobs/{digest}?offset=N&size=S} appends the body from byte N; at S bytes the blob is
 *       verified and committed (201). A PUT of a blob another PUT is writing waits for it, then answers 200
 *       when the blob is committed. A wrong offset answers 416 with the right one in {@code Berth-Upload-Offset};
 *   <li>{@code POST /berth/images/commit} with {@code {"Manifest":"sha256:…","MediaType":"…","Tags":["app:1"]}}
 *       registers the image and moves the tags, last.
 * </ul>
 *
 * <p>And the sending end, which the client reads from its local daemon:
 *
 * <ul>
 *   <li>{@code GET /berth/images/manifest?name=app:1} answers the image's ID, its manifest descriptor and its
 *       blobs (config, then layers) as {@code {"Id","Manifest":{...},"Blobs":[{"MediaType","Digest","Size"}]}};
 *   <li>{@code GET /berth/blobs/{digest}?offset=N} streams a blob's bytes from byte N, as stored.
 * </ul>
 */
public final class TransferRoutes {
  /** The header that tells a sender where to resume. */
  public static final String OFFSET_HEADER = "Berth-Upload-Offset";

  private final ImageService images;

  public TransferRoutes(ApiContext context) {
    this.images = context.images();
  }

  public void register(Router.Builder r) {
    r.post("/berth/blobs/missing", this::missing);
    r.add("PUT", "/berth/blobs/{digest}", this::put);
    r.post("/berth/images/commit", this::commit);
    r.get("/berth/images/manifest", this::describe);
    r.get("/berth/blobs/{digest}", this::read);
  }

  void describe(Exchange ex) throws IOException {
    String name = ex.request().param("name");
    if (name == null || name.isBlank()) throw new InvalidArgumentException("describing an image: the name query parameter is required");
    dev.berth.engine.ImageSource.Sendable image = images.source().describe(name);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Id", image.id().toString());
    out.put("Manifest", descriptor(image.manifest()));
    out.put("Blobs", image.blobs().stream().map(TransferRoutes::descriptor).toList());
    ex.json(200, out);
  }

  private static Map<String, Object> descriptor(dev.berth.oci.Descriptor d) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("MediaType", d.mediaType());
    out.put("Digest", d.digest().toString());
    out.put("Size", d.size());
    return out;
  }

  void read(Exchange ex) throws IOException {
    Digest digest = digest(ex.request().pathParam("digest"), "reading blob");
    long offset = number(ex, "offset", 0);
    try (java.io.InputStream in = images.source().open(digest, offset); java.io.OutputStream out = ex.stream(200, "application/octet-stream")) {
      in.transferTo(out);
    }
  }

  record Blob(@JsonProperty("Digest") String digest, @JsonProperty("Size") Long size) {}

  record MissingRequest(@JsonProperty("Blobs") List<Blob> blobs) {}

  record CommitRequest(@JsonProperty("Manifest") String manifest, @JsonProperty("MediaType") String mediaType,
      @JsonProperty("Tags") List<String> tags) {}

  void missing(Exchange ex) throws IOException {
    MissingRequest body = body(ex, MissingRequest.class, "blobs missing");
    if (body.blobs() == null) throw new InvalidArgumentException("blobs missing: Blobs is required");
    List<BlobRef> refs = body.blobs().stream().map(b -> {
      if (b.size() == null) throw new InvalidArgumentException("blobs missing: blob " + b.digest() + " has no Size");
      return new BlobRef(digest(b.digest(), "blobs missing"), b.size());
    }).toList();
    List<Map<String, Object>> missing = receiver().missing(refs).stream().map(m -> {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("Digest", m.digest().toString());
      out.put("Offset", m.offset());
      return out;
    }).toList();
    ex.json(200, Map.of("Missing", missing));
  }

  void put(Exchange ex) throws IOException {
    Digest digest = digest(ex.request().pathParam("digest"), "uploading blob");
    long offset = number(ex, "offset", 0);
    long size = number(ex, "size", -1);
    if (size < 0) throw new InvalidArgumentException("uploading blob " + digest + ": the size query parameter is required");
    switch (receiver().upload(digest, offset, size, ex.request().body())) {
      case ImageReceiver.Upload.Committed c -> ex.json(c.before() ? 200 : 201, result(digest, size, true));
      case ImageReceiver.Upload.Partial p -> ex.json(202, result(digest, p.offset(), false));
      case ImageReceiver.Upload.WrongOffset w -> {
        Map<String, Object> body = Map.of("message", "uploading blob " + digest + ": the upload holds " + w.held() + " bytes, not " + offset);
        ex.respond(416, "application/json", Json.write(body), Map.of(OFFSET_HEADER, Long.toString(w.held())));
      }
    }
  }

  private static Map<String, Object> result(Digest digest, long offset, boolean committed) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Digest", digest.toString());
    out.put("Offset", offset);
    out.put("Committed", committed);
    return out;
  }

  void commit(Exchange ex) throws IOException {
    CommitRequest body = body(ex, CommitRequest.class, "committing image");
    Digest manifest = digest(body.manifest(), "committing image");
    ImageReceiver.Committed done = receiver().commit(manifest, body.mediaType(), body.tags() == null ? List.of() : body.tags());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Id", done.imageId().toString());
    out.put("Status", done.upToDate() ? "up to date" : "committed");
    out.put("Tagged", done.moved());
    ex.json(200, out);
  }

  private ImageReceiver receiver() {
    return images.receiver();
  }

  private static <T> T body(Exchange ex, Class<T> type, String action) throws IOException {
    byte[] bytes = ex.request().body().readAllBytes();
    if (bytes.length == 0) throw new InvalidArgumentException(action + ": the request has no JSON body");
    try {
      return Json.read(bytes, type);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(action + ": the body is not valid JSON: " + e.getMessage());
    }
  }

  private static Digest digest(String text, String action) {
    try {
      return Digest.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(action + ": " + e.getMessage());
    }
  }

  private static long number(Exchange ex, String name, long fallback) {
    String text = ex.request().param(name);
    if (text == null || text.isBlank()) return fallback;
    try {
      long n = Long.parseLong(text);
      if (n < 0) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException("uploading blob: " + name + " must be a whole number of bytes, not \"" + text + "\"");
    }
  }
}
