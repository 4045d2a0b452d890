package dev.berth.engine.build;

import dev.berth.engine.BuildService;
import dev.berth.engine.ContainerService;
import dev.berth.engine.ImageService;
import dev.berth.engine.events.EventBus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The builder of this host; its cache lives under {@code <dataRoot>/builder}. */
public final class LocalBuildService implements BuildService {
  private final ImageService images;
  private final Supplier<ContainerService> containers;
  private final Path root;
  private final EventBus events;

  /**
   * @param containers the container service, asked for at the first RUN (a SystemException when this host has
   *     no runtime)
   * @param root the builder's directory ({@code <dataRoot>/builder}): the cache and scratch files
   */
  public LocalBuildService(ImageService images, Supplier<ContainerService> containers, Path root, EventBus events) {
    this.images = images;
    this.containers = containers;
    this.root = root;
    this.events = events;
  }

  @Override
  public BuildResult build(BuildRequest request, BuildProgress progress) {
    throw new UnsupportedOperationException("not yet written");
  }

  @Override
  public PruneReport prune(Map<String, List<String>> filters) {
    throw new UnsupportedOperationException("not yet written");
  }
}
