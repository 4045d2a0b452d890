package dev.berth.oci;

import java.util.List;
import java.util.Map;

/**
 * An image index or Docker manifest list (OCI image spec, image-index.md):
 * <pre>{"schemaVersion": 2, "mediaType": "…index.v1+json", "manifests": [{…, "platform": {…}}]}</pre>
 */
public record Index(int schemaVersion, String mediaType, List<Descriptor> manifests, Map<String, String> annotations) {
  public Index {
    if (schemaVersion != 2) throw new IllegalArgumentException("index schemaVersion must be 2, got " + schemaVersion);
    manifests = manifests == null ? List.of() : List.copyOf(manifests);
    annotations = annotations == null || annotations.isEmpty() ? null : Map.copyOf(annotations);
  }

  public static Index oci(List<Descriptor> manifests) {
    return new Index(2, MediaTypes.OCI_INDEX, manifests, null);
  }
}
