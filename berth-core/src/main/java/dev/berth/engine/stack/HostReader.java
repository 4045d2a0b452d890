package dev.berth.engine.stack;

import dev.berth.engine.ContainerService;
import dev.berth.engine.ContainerView;
import dev.berth.engine.ImageService;
import dev.berth.engine.NetworkService;
import dev.berth.engine.Volume;
import dev.berth.engine.VolumeService;
import dev.berth.errors.NotFoundException;
import dev.berth.oci.Digest;
import dev.berth.runtime.container.Container;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads a {@link HostState} through the engine's services: one list of each kind, one lookup per image. */
final class HostReader {
  private HostReader() {}

  static HostState read(String project, Collection<String> imageRefs, ContainerService containers,
      NetworkService networks, VolumeService volumes, ImageService images) {
    List<HostState.Observed> mine = new ArrayList<>();
    List<HostState.Other> others = new ArrayList<>();
    for (ContainerView v : containers.list(ContainerService.ListOptions.ALL)) {
      Container c = v.container();
      Map<String, String> labels = c.config().basic().labels();
      if (project.equals(labels.get(ComposeLabels.PROJECT))) {
        mine.add(observed(c, labels));
      } else {
        others.add(new HostState.Other(c.id().hex(), c.name().substring(1), labels.get(ComposeLabels.PROJECT),
            c.state().isRunning(), c.config().network().effectivePorts()));
      }
    }
    Set<String> networkNames = networks.list(Map.of()).stream().map(n -> n.network().name()).collect(Collectors.toSet());
    Set<String> volumeNames = volumes.list(Map.of()).stream().map(Volume::name).collect(Collectors.toSet());
    Map<String, Optional<Digest>> ids = new HashMap<>();
    for (String ref : imageRefs) ids.put(ref, imageId(images, ref));
    return new HostState(mine, others, networkNames, volumeNames, ids);
  }

  static HostState.Observed observed(Container c, Map<String, String> labels) {
    return new HostState.Observed(c.id().hex(), c.name().substring(1), labels.get(ComposeLabels.SERVICE),
        labels.get(ComposeLabels.CONTAINER_NUMBER), c.state().isRunning(), c.state().status().dockerName(),
        labels.get(ComposeLabels.CONFIG_HASH), labels.get(ComposeLabels.CONFIG), c.imageId());
  }

  private static Optional<Digest> imageId(ImageService images, String ref) {
    try {
      return Optional.of(images.resolve(ref));
    } catch (NotFoundException | dev.berth.errors.InvalidArgumentException e) {
      return Optional.empty();
    }
  }
}
