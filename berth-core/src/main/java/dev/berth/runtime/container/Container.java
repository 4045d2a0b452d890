package dev.berth.runtime.container;

import dev.berth.oci.Digest;
import dev.berth.runtime.state.ContainerState;
import java.time.Instant;
import java.util.Objects;

/**
 * A container as the store holds it: identity and the immutable {@link ContainerConfig}, plus the lifecycle
 * data that changes ({@link ContainerState}, restart count, whether the user stopped it). The record itself
 * is immutable; the store replaces it, under the container's lock, on every change.
 *
 * @param name canonical, with the leading slash ({@code /web})
 * @param imageId the ID (config digest) of the image it was created from
 * @param restartCount restarts by the restart policy since the last user start (Docker's {@code RestartCount})
 * @param manuallyStopped the user stopped it; the restart policy then stays quiet (Docker's
 *     {@code HasBeenManuallyStopped})
 */
public record Container(
    ContainerId id,
    String name,
    Instant created,
    Digest imageId,
    ContainerConfig config,
    ContainerState state,
    int restartCount,
    boolean manuallyStopped) {

  public Container {
    Objects.requireNonNull(id, "id");
    name = ContainerNames.canonical(name);
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(imageId, "imageId");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(state, "state");
    if (restartCount < 0) throw new IllegalArgumentException("restartCount must not be negative");
  }

  /** A container just created: state "created", never restarted. */
  public static Container newContainer(ContainerId id, String name, Instant at, Digest imageId, ContainerConfig config) {
    return new Container(id, name, at, imageId, config, ContainerState.Created.fresh(), 0, false);
  }

  public Container withState(ContainerState value) {
    return new Container(id, name, created, imageId, config, value, restartCount, manuallyStopped);
  }

  public Container withRestartCount(int value) {
    return new Container(id, name, created, imageId, config, state, value, manuallyStopped);
  }

  public Container withManuallyStopped(boolean value) {
    return new Container(id, name, created, imageId, config, state, restartCount, value);
  }

  Container withConfig(ContainerConfig value) {
    return new Container(id, name, created, imageId, value, state, restartCount, manuallyStopped);
  }

  Container withName(String value) {
    return new Container(id, value, created, imageId, config, state, restartCount, manuallyStopped);
  }

  /** How error messages name it: {@code container 3f2a9c1b7e4d (/web)}. */
  public String describe() {
    return "container " + id.shortId() + " (" + name + ")";
  }
}
