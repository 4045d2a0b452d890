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

  BuildContainers(Supplier<ContainerService> containers, String networkMode) {
    this.containers = containers;
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
    ImageConfig.ContainerConfig c = state.config();
    BasicConfig basic = BasicConfig.of(image.toString())
        .withCmd(cmd)
        .withEntrypoint(List.of(""))
        .withEnv(env)
        .withWorkingDir(c.workingDir())
        .withUser(c.user());
    ContainerConfig config = new ContainerConfig(basic, null, null, null, null, null, false, false, networkMode);
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

  static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
