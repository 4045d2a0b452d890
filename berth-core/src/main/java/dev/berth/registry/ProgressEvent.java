package dev.berth.registry;

import dev.berth.oci.Digest;
import java.util.Objects;

/**
 * One step of one layer of a pull or a push, the unit of docker's progress display (one line per layer).
 *
 * @param layerDigest the layer's (compressed) digest; docker shows its first 12 hex characters
 * @param current bytes done so far, or 0
 * @param total the layer's size in bytes, or -1 when unknown
 */
public record ProgressEvent(Digest layerDigest, State state, long current, long total) {
  public ProgressEvent {
    Objects.requireNonNull(layerDigest, "layer digest");
    Objects.requireNonNull(state, "state");
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
