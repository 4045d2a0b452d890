package dev.berth.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An image manifest (OCI image spec, manifest.md), also used for Docker schema2 manifests which share its
 * shape:
 * <pre>{"schemaVersion": 2, "mediaType": "…manifest.v1+json", "config": {…}, "layers": [{…}]}</pre>
 */
public record Manifest(
    int schemaVersion,
    String mediaType,
    String artifactType,
    Descriptor config,
    List<Descriptor> layers,
    Descriptor subject,
    Map<String, String> annotations) {

  public Manifest {
    Objects.requireNonNull(config, "manifest config");
    if (schemaVersion != 2) throw new IllegalArgumentException("manifest schemaVersion must be 2, got " + schemaVersion);
    layers = layers == null ? List.of() : List.copyOf(layers);
    annotations = annotations == null || annotations.isEmpty() ? null : Map.copyOf(annotations);
  }

  public static Manifest oci(Descriptor config, List<Descriptor> layers) {
    return new Manifest(2, MediaTypes.OCI_MANIFEST, null, config, layers, null, null);
  }
}
