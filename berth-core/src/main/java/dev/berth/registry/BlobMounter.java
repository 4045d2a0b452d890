package dev.berth.registry;

import dev.berth.oci.Digest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code POST /v2/<name>/blobs/uploads/?mount=<digest>&from=<repository>}: asks the registry to link a blob
 * another repository holds. 201 means mounted (empty result); 202 means it could not, and an upload session
 * was opened instead (its location is the result). Without {@code from} it only opens an upload session.
 */
final class BlobMounter implements Endpoint<Optional<UploadLocation>> {
  private final String repository;
  private final Digest digest;
  private final String from;

  BlobMounter(String repository, Digest digest, String from) {
    this.repository = repository;
    this.digest = digest;
    this.from = from;
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public String path() {
    if (from == null) return "blobs/uploads/";
    return "blobs/uploads/?mount=" + digest + "&from=" + URLEncoder.encode(from, StandardCharsets.UTF_8);
  }

  /** Opening a session changes nothing a retry could double, so it may be sent again. */
  @Override
  public boolean idempotent() {
    return true;
  }

  @Override
  public Optional<UploadLocation> handle(Response response) {
    response.discard();
    return switch (response.status()) {
      case 201 -> Optional.empty();
      case 202 -> Optional.of(UploadLocation.from(response, describe()));
      default -> throw RegistryErrors.of(describe(), response);
    };
  }

  @Override
  public String describe() {
    return from == null ? "starting the upload of blob " + digest + " to " + repository
        : "mounting blob " + digest + " from " + from + " into " + repository;
  }
}
