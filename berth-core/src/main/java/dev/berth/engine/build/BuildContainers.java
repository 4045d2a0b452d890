package dev.berth.engine.build;

import dev.berth.engine.ContainerService;
import dev.berth.engine.ContainerService.CommitOptions;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.runtime.container.BasicConfig;
import dev.berth.runtime.container.ContainerConfig;
import java.util.List;
import java.util.function.Supplier;

/**
 * The containers a build makes: created from the image so far with the step's command, environment, user,
 * working directory and network; committed with the BUILD's config (not the container's command); always
 * removed, with their anonymous volumes, whether the step worked or not.
 */
final class BuildContainers {
  private final Supplier<ContainerService> containers;
  private final String networkMode;
  private final boolean removeDone;
  private final List<Thread> pending = new java.util.ArrayList<>();
  private final List<RuntimeException> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * @param removeDone remove a step's container once the step is committed ({@code rm}); a failed step's
   *     container is removed regardless, so a failed build leaves none
   */
  BuildContainers(Supplier<ContainerService> containers, String networkMode, boolean removeDone) {
    this.containers = containers;
    this.removeDone = removeDone;
    this.networkMode = networkMode == null || networkMode.isEmpty() || networkMode.equals("default") ? "host" : networkMode;
  }

  ContainerService service() {
    return containers.get();
  }

  /**
   * Creates (does not start) a container of {@code image} that would run {@code cmd} (entrypoint cleared) with
   * {@code env}; answers its ID.
   */
  String create(Digest image, List<String> cmd, List<String> env, BuildState state) {
    return create(image, cmd, env, state, null);
  }

  /** As {@link #create(Digest, List, List, BuildState)} on {@code network} ({@code RUN --network}; null: the build's). */
  String create(Digest image, List<String> cmd, List<String> env, BuildState state, String network) {
    ImageConfig.ContainerConfig c = state.config();
    BasicConfig basic = BasicConfig.of(image.toString())
        .withCmd(cmd)
        .withEntrypoint(List.of(""))
        .withEnv(env)
        .withWorkingDir(c.workingDir())
        .withUser(c.user());
    String mode = network == null || network.isEmpty() || network.equals("default") ? networkMode : network;
    ContainerConfig config = new ContainerConfig(basic, null, null, null, null, null, false, false, mode);
    return service().create(null, config).id();
  }

  /** Commits the container's changes as one layer with the build's config and Docker's history text. */
  Digest commit(String id, ImageConfig.ContainerConfig config, String createdBy, String author) {
    return service().commit(id, new CommitOptions(null, null, author, List.of(), false, config, createdBy)).id();
  }

  /** Removes the container and its anonymous volumes; a failure here never hides the step's own error. */
  void removeQuietly(String id, Throwable pending) {
    if (id == null) return;
    try {
      service().remove(id, true, true);
    } catch (RuntimeException e) {
      if (pending != null) pending.addSuppressed(e);
      else throw e;
    }
  }

  /**
   * Removes a container whose step is done (committed) on a virtual thread, so the next step need not wait;
   * {@link #awaitRemovals} waits for them all before the build answers.
   */
  boolean removeLater(String id) {
    if (!removeDone) return false;
    pending.add(Thread.ofVirtual().name("build-rm-" + shortId(id)).start(() -> {
      try {
        service().remove(id, true, true);
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }));
    return true;
  }

  /** Waits for the removals {@link #removeLater} started; a failure among them is thrown after all ended. */
  void awaitRemovals() {
    for (Thread t : pending) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new dev.berth.errors.SystemException("interrupted while removing the build's containers", e);
      }
    }
    pending.clear();
    if (!failures.isEmpty()) {
      RuntimeException first = failures.getFirst();
      failures.clear();
      throw first;
    }
  }

  static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
