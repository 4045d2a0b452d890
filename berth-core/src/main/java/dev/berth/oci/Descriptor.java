package dev.berth.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A content descriptor (OCI image spec, descriptor.md):
 * <pre>{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:…", "size": 7143}</pre>
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    List<String> urls,
    Map<String, String> annotations,
    Platform platform,
    String artifactType) {

  public Descriptor {
    Objects.requireNonNull(mediaType, "descriptor mediaType");
    Objects.requireNonNull(digest, "descriptor digest");
    if (size < 0) throw new IllegalArgumentException("descriptor size is negative: " + size);
    urls = urls == null || urls.isEmpty() ? null : List.copyOf(urls);
    annotations = annotations == null || annotations.isEmpty() ? null : Map.copyOf(annotations);
  }

  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, null, null, null, null);
  }

  public Descriptor withAnnotations(Map<String, String> newAnnotations) {
    return new Descriptor(mediaType, digest, size, urls, newAnnotations, platform, artifactType);
  }

  public Descriptor withPlatform(Platform newPlatform) {
    return new Descriptor(mediaType, digest, size, urls, annotations, newPlatform, artifactType);
  }

  public String annotation(String key) {
    return annotations == null ? null : annotations.get(key);
  }
}
