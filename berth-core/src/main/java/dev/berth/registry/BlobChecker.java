package dev.berth.registry;

import dev.berth.oci.Digest;
import java.util.OptionalLong;

/**
 * {@code HEAD /v2/<name>/blobs/<digest>}: whether the registry holds the blob, and its size. 404 means no;
 * push uses this to skip blobs that are already there.
 */
final class BlobChecker implements Endpoint<OptionalLong> {
  private final String repository;
  private final Digest digest;

  BlobChecker(String repository, Digest digest) {
    this.repository = repository;
    this.digest = digest;
  }

  @Override
  public String method() {
    return "HEAD";
  }

  @Override
  public String path() {
    return "blobs/" + digest;
  }

  @Override
  public OptionalLong handle(Response response) {
    response.discard();
    return switch (response.status()) {
      case 200 -> OptionalLong.of(Math.max(0, response.contentLength()));
      case 404 -> OptionalLong.empty();
      default -> throw RegistryErrors.of(describe(), response);
    };
  }

  @Override
  public String describe() {
    return "checking blob " + digest + " in " + repository;
  }
}
