package dev.berth.registry;

import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * {@code GET /v2/<name>/blobs/<digest>}, from {@code offset} on ({@code Range: bytes=<offset>-}) when a
 * download resumes. Registries often redirect to storage; the façade follows. A registry that ignores the
 * range answers 200 with the whole blob, and the skipped prefix is read and dropped here, so the stream
 * returned always starts at {@code offset}. The bytes are not checked here: the content store verifies the
 * digest as it commits them.
 */
final class BlobPuller implements Endpoint<InputStream> {
  private final String repository;
  private final Digest digest;
  private final long offset;

  BlobPuller(String repository, Digest digest, long offset) {
    this.repository = repository;
    this.digest = digest;
    this.offset = offset;
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    return "blobs/" + digest;
  }

  @Override
  public Map<String, String> headers() {
    return offset > 0 ? Map.of("Range", "bytes=" + offset + "-") : Map.of();
  }

  @Override
  public InputStream handle(Response response) throws IOException {
    InputStream body = response.body();
    if (response.status() == 206) return body;
    if (response.status() != 200) throw RegistryErrors.of(describe(), response);
    body.skipNBytes(offset);
    return body;
  }

  @Override
  public String describe() {
    return "pulling blob " + digest + " from " + repository;
  }
}
