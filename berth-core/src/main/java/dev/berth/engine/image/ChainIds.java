package dev.berth.engine.image;

import dev.berth.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Chain IDs (OCI image spec, config.md "Layer ChainID"): ChainID(L0) = DiffID(L0) and
 * ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)). A chain ID names the snapshot holding a layer
 * applied on all the layers below it, so that images sharing a base share its snapshots.
 */
public final class ChainIds {
  private ChainIds() {}

  public static Digest next(Digest parentChain, Digest diffId) {
    if (parentChain == null) return diffId;
    return Digest.sha256((parentChain + " " + diffId).getBytes(StandardCharsets.UTF_8));
  }

  /** The chain ID of each layer, bottom first. */
  public static List<Digest> of(List<Digest> diffIds) {
    List<Digest> chain = new ArrayList<>(diffIds.size());
    Digest previous = null;
    for (Digest d : diffIds) {
      previous = next(previous, d);
      chain.add(previous);
    }
    return chain;
  }
}
