package dev.berth.image.archive;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.oci.Descriptor;
import java.util.List;
import java.util.Map;

/**
 * One entry of Docker's {@code manifest.json}, the index {@code docker load} has read since Docker 1.10:
 * <pre>[{"Config": "blobs/sha256/…", "RepoTags": ["busybox:latest"], "Layers": ["blobs/sha256/…"]}]</pre>
 * Paths are relative to the archive root. {@code LayerSources} maps diff IDs of foreign layers to their
 * descriptors; older archives name files {@code <hex>.json} and {@code <id>/layer.tar} instead.
 */
record DockerManifestItem(
    @JsonProperty("Config") String config,
    @JsonProperty("RepoTags") List<String> repoTags,
    @JsonProperty("Layers") List<String> layers,
    @JsonProperty("LayerSources") Map<String, Descriptor> layerSources) {

  DockerManifestItem {
    repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
    layers = layers == null ? null : List.copyOf(layers);
    layerSources = layerSources == null || layerSources.isEmpty() ? null : Map.copyOf(layerSources);
  }
}
