package dev.berth.registry;

import dev.berth.oci.Digest;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The two writes of an upload session. A chunk is {@code PATCH <location>} with {@code Content-Range:
 * <first>-<last>} and answers 202 with the next location; the close is {@code PUT <location>&digest=<d>},
 * with the whole blob (a monolithic upload) or with no body after chunks, and answers 201. The registry
 * checks the digest on close, so a wrong blob is refused there.
 */
final class BlobPusher implements Endpoint<UploadLocation> {
  private final String repository;
  private final Digest digest;
  private final UploadLocation location;
  private final Supplier<HttpRequest.BodyPublisher> body;
  private final long first;
  private final long length;
  private final boolean close;

  private BlobPusher(String repository, Digest digest, UploadLocation location, Supplier<HttpRequest.BodyPublisher> body,
      long first, long length, boolean close) {
    this.repository = repository;
    this.digest = digest;
    this.location = location;
    this.body = body;
    this.first = first;
    this.length = length;
    this.close = close;
  }

  /** A PATCH of {@code length} bytes from offset {@code first}. */
  static BlobPusher chunk(String repository, Digest digest, UploadLocation location, Supplier<HttpRequest.BodyPublisher> body,
      long first, long length) {
    return new BlobPusher(repository, digest, location, body, first, length, false);
  }

  /** The closing PUT, with the whole blob ({@code length} > 0) or nothing. */
  static BlobPusher close(String repository, Digest digest, UploadLocation location, Supplier<HttpRequest.BodyPublisher> body,
      long length) {
    return new BlobPusher(repository, digest, location, body, 0, length, true);
  }

  @Override
  public String method() {
    return close ? "PUT" : "PATCH";
  }

  @Override
  public String path() {
    return close ? location.with("digest=" + digest) : location.location();
  }

  @Override
  public Map<String, String> headers() {
    if (close && length == 0) return Map.of();
    if (close) return Map.of("Content-Type", "application/octet-stream");
    return Map.of("Content-Type", "application/octet-stream", "Content-Range", first + "-" + (first + length - 1));
  }

  @Override
  public HttpRequest.BodyPublisher body() {
    return length == 0 ? HttpRequest.BodyPublishers.noBody() : body.get();
  }

  @Override
  public UploadLocation handle(Response response) {
    response.discard();
    int expected = close ? 201 : 202;
    if (response.status() != expected) throw RegistryErrors.of(describe(), response);
    return close ? location : UploadLocation.from(response, describe());
  }

  @Override
  public String describe() {
    return (close ? "finishing the upload of blob " : "uploading a chunk of blob ") + digest + " to " + repository;
  }
}
