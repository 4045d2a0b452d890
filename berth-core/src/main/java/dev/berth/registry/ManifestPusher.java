package dev.berth.registry;

import dev.berth.oci.Digest;
import java.net.http.HttpRequest;
import java.util.Map;

/**
 * {@code PUT /v2/<name>/manifests/<tag>} with the manifest's bytes and media type, answered 201 with the
 * digest the registry stored it under ({@code Docker-Content-Digest}), which must be the digest of the
 * bytes sent.
 */
final class ManifestPusher implements Endpoint<Digest> {
  private final String repository;
  private final String tag;
  private final byte[] bytes;
  private final String mediaType;

  ManifestPusher(String repository, String tag, byte[] bytes, String mediaType) {
    this.repository = repository;
    this.tag = tag;
    this.bytes = bytes.clone();
    this.mediaType = mediaType;
  }

  @Override
  public String method() {
    return "PUT";
  }

  @Override
  public String path() {
    return "manifests/" + tag;
  }

  @Override
  public Map<String, String> headers() {
    return Map.of("Content-Type", mediaType);
  }

  @Override
  public HttpRequest.BodyPublisher body() {
    return HttpRequest.BodyPublishers.ofByteArray(bytes);
  }

  /** Putting the same bytes twice stores the same thing, so it may be sent again. */
  @Override
  public boolean idempotent() {
    return true;
  }

  @Override
  public Digest handle(Response response) {
    response.discard();
    if (response.status() != 201) throw RegistryErrors.of(describe(), response);
    Digest sent = Digest.sha256(bytes);
    String stored = response.header("Docker-Content-Digest").orElse(null);
    if (stored != null && Digest.isDigest(stored) && !Digest.parse(stored).equals(sent)) {
      throw new RegistryException(describe() + ": the registry stored it as " + stored + ", but its digest is " + sent, 201);
    }
    return sent;
  }

  @Override
  public String describe() {
    return "pushing manifest " + repository + ":" + tag;
  }
}
