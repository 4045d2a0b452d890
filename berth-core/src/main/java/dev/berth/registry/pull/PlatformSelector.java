package dev.berth.registry.pull;

import dev.berth.errors.NotFoundException;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Index;
import dev.berth.oci.Platform;
import java.util.Objects;

/**
 * Picks one platform's manifest from an index or manifest list, as docker pull does: the operating system
 * and architecture must match; a wanted variant must match too ({@code arm64} without a variant means
 * {@code v8}). Entries without a platform (attestations, for example) never match. The first match wins,
 * which is the order the index's author chose.
 */
public final class PlatformSelector {
  private PlatformSelector() {}

  public static Descriptor select(Index index, Platform wanted) {
    for (Descriptor d : index.manifests()) {
      if (matches(d.platform(), wanted)) return d;
    }
    throw new NotFoundException("no matching manifest for " + wanted + " in the manifest list entries");
  }

  static boolean matches(Platform offered, Platform wanted) {
    if (offered == null || offered.os() == null || offered.architecture() == null) return false;
    if (!offered.os().equals(wanted.os()) || !offered.architecture().equals(wanted.architecture())) return false;
    return wanted.variant() == null || Objects.equals(variant(offered), variant(wanted));
  }

  private static String variant(Platform p) {
    if (p.variant() == null && p.architecture().equals("arm64")) return "v8";
    return p.variant();
  }
}
