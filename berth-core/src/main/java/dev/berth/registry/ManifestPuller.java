package dev.berth.registry;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v2/<name>/manifests/<reference>} with an Accept header listing the four manifest types Berth
 * reads: OCI manifest and index, Docker schema2 manifest and manifest list. The digest is computed from the
 * bytes; when the reference is a digest, or the registry sends {@code Docker-Content-Digest}, the two must
 * agree, else the manifest is refused with an error naming both.
 */
final class ManifestPuller implements Endpoint<PulledManifest> {
  static final List<String> ACCEPT = List.of(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST,
      MediaTypes.DOCKER_MANIFEST_LIST);
  /** Manifests are small; a larger answer is refused rather than read into memory. */
  static final int MAX_MANIFEST = 4 * 1024 * 1024;

  private final String repository;
  private final String reference;

  /** @param repository {@code host/path}, for messages; @param reference a tag or a digest */
  ManifestPuller(String repository, String reference) {
    this.repository = repository;
    this.reference = reference;
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    return "manifests/" + reference;
  }

  @Override
  public Map<String, String> headers() {
    return Endpoint.accept(ACCEPT);
  }

  @Override
  public PulledManifest handle(Response response) throws IOException {
    if (response.status() != 200) throw RegistryErrors.of(describe(), response);
    byte[] bytes;
    try (InputStream in = response.body()) {
      bytes = in.readNBytes(MAX_MANIFEST + 1);
    }
    if (bytes.length > MAX_MANIFEST) throw new RegistryException(describe() + ": manifest larger than " + MAX_MANIFEST + " bytes", 200);
    Digest actual = Digest.sha256(bytes);
    if (Digest.isDigest(reference) && !Digest.parse(reference).equals(actual)) {
      throw new RegistryException(describe() + ": manifest has digest " + actual + ", expected " + reference, 200);
    }
    String claimed = response.header("Docker-Content-Digest").orElse(null);
    if (claimed != null && Digest.isDigest(claimed) && !Digest.parse(claimed).equals(actual)) {
      throw new RegistryException(describe() + ": manifest has digest " + actual + ", the registry says " + claimed, 200);
    }
    return new PulledManifest(bytes, MediaTypeSniffer.mediaType(response.header("Content-Type").orElse(null), bytes), actual);
  }

  @Override
  public String describe() {
    return "pulling manifest " + repository + (Digest.isDigest(reference) ? "@" : ":") + reference;
  }
}
