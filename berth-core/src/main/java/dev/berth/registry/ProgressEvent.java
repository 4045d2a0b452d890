package dev.berth.registry;

import dev.berth.oci.Digest;
import java.util.Objects;

/**
 * One step of one layer of a pull or a push, the unit of docker's progress display (one line per layer).
 *
 * @param layerDigest the layer's (compressed) digest; docker shows its first 12 hex characters
 * @param current bytes done so far, or 0
 * @param total the layer's size in bytes, or -1 when unknown
 * @param mountedFrom for {@link State#MOUNTED}, the repository of the same registry the blob was mounted from
 *     ({@code library/busybox}); null for every other state
 */
public record ProgressEvent(Digest layerDigest, State state, long current, long total, String mountedFrom) {
  public ProgressEvent {
    Objects.requireNonNull(layerDigest, "layer digest");
    Objects.requireNonNull(state, "state");
    if (mountedFrom != null && state != State.MOUNTED) throw new IllegalArgumentException("only a mount names a source repository");
  }

  /** An event that names no source repository: every state but a mount. */
  public ProgressEvent(Digest layerDigest, State state, long current, long total) {
    this(layerDigest, state, current, total, null);
  }

  /** What docker prints for this step: the state's words, and for a mount the source, "Mounted from library/busybox". */
  public String status() {
    return mountedFrom == null ? state.status() : state.status() + " " + mountedFrom;
  }

  /** The states of a layer, with the text docker prints for each. */
  public enum State {
    WAITING("Waiting"),
    ALREADY_EXISTS("Already exists"),
    DOWNLOADING("Downloading"),
    RETRYING("Retrying"),
    VERIFYING("Verifying Checksum"),
    DOWNLOAD_COMPLETE("Download complete"),
    EXTRACTING("Extracting"),
    PULL_COMPLETE("Pull complete"),
    PREPARING("Preparing"),
    LAYER_EXISTS("Layer already exists"),
    MOUNTED("Mounted from"),
    PUSHING("Pushing"),
    PUSHED("Pushed");

    private final String status;

    State(String status) {
      this.status = status;
    }

    /**
     * Docker's words for this state, as in {@code docker pull}'s and {@code docker push}'s output and the API's
     * "status"; for MOUNTED docker adds the source repository.
     */
    public String status() {
      return status;
    }
  }
}
