package dev.berth.registry.pull;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Index;
import dev.berth.oci.Json;
import dev.berth.oci.Manifest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.Platform;
import dev.berth.registry.PulledManifest;
import dev.berth.registry.RegistryClient;

/**
 * Resolves a tag or digest to one image manifest: an index or manifest list is narrowed to the wanted
 * platform (one nested index is followed), and the manifest found is checked: Docker schema2 or OCI, a
 * config of an image config type, layers of known layer types. Anything else is refused with an error that
 * names the media type, so no half-understood image is ever pulled.
 */
final class ManifestResolver {
  private static final int MAX_DEPTH = 2;
  private static final String SCHEMA1 = "application/vnd.docker.distribution.manifest.v1";

  private ManifestResolver() {}

  /** The resolved manifest: its bytes as pulled, parsed, and the digest of the top-level document. */
  record Resolved(PulledManifest pulled, Manifest manifest, PulledManifest top) {}

  static Resolved resolve(RegistryClient client, String reference, Platform platform, String what) {
    PulledManifest top = client.pullManifest(reference);
    PulledManifest current = top;
    for (int depth = 0; MediaTypes.isIndex(current.mediaType()); depth++) {
      if (depth >= MAX_DEPTH) throw new InvalidArgumentException("pulling " + what + ": indexes nested too deep");
      Index index = parse(current, Index.class, what);
      Descriptor chosen = PlatformSelector.select(index, platform);
      current = client.pullManifest(chosen.digest().toString());
    }
    if (!MediaTypes.isManifest(current.mediaType())) throw unsupported(what, current.mediaType());
    Manifest manifest = parse(current, Manifest.class, what);
    check(manifest, what);
    return new Resolved(current, manifest, top);
  }

  private static void check(Manifest manifest, String what) {
    String config = manifest.config().mediaType();
    if (!config.equals(MediaTypes.OCI_CONFIG) && !config.equals(MediaTypes.DOCKER_CONFIG)) {
      throw new InvalidArgumentException("pulling " + what + ": unsupported config media type " + config
          + " (not a container image)");
    }
    for (Descriptor layer : manifest.layers()) {
      if (!MediaTypes.isLayer(layer.mediaType())) {
        throw new InvalidArgumentException("pulling " + what + ": layer " + layer.digest() + " has the unsupported media type "
            + layer.mediaType());
      }
    }
  }

  private static InvalidArgumentException unsupported(String what, String mediaType) {
    if (mediaType.startsWith(SCHEMA1)) {
      return new InvalidArgumentException("pulling " + what + ": Docker image manifest schema 1 is not supported; push the"
          + " image again with a current client (schema 2 or OCI)");
    }
    return new InvalidArgumentException("pulling " + what + ": unsupported manifest media type " + mediaType);
  }

  private static <T> T parse(PulledManifest pulled, Class<T> type, String what) {
    try {
      return Json.read(pulled.bytes(), type);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("pulling " + what + ": manifest " + pulled.digest() + ": " + e.getMessage(), e);
    }
  }
}
