package dev.berth.engine.container;

import dev.berth.engine.ContainerService.ListOptions;
import dev.berth.engine.ContainerView;
import dev.berth.engine.ImageService;
import dev.berth.errors.BerthException;
import dev.berth.oci.Digest;
import dev.berth.runtime.container.Container;
import dev.berth.runtime.container.ContainerId;
import dev.berth.storage.Mount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import dev.berth.engine.network.ContainerNetworking;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Builds the engine's view of containers for inspect and ps, sizes and driver data only when asked. */
final class Views {
  private final Lifecycle life;
  private final ImageService images;

  private final ContainerNetworking networking;

  Views(Lifecycle life, ImageService images) {
    this(life, images, null);
  }

  Views(Lifecycle life, ImageService images, ContainerNetworking networking) {
    this.life = life;
    this.images = images;
    this.networking = networking;
  }

  ContainerView view(Container c, boolean driverData, boolean sizes) {
    ContainerId id = c.id();
    boolean mounted = c.state().pid() > 0;
    long rw = sizes ? sizeRw(id) : -1;
    long root = sizes && rw >= 0 ? rw + imageSize(c.imageId()) : -1;
    Map<String, String> data = driverData ? graphDriverData(id, mounted) : Map.of();
    return new ContainerView(c, c.config().basic().image(), mounted ? life.paths.rootfs(id) : null,
        life.paths.containerDir(id), life.paths.logPath(id), mountPoints(c), life.health.health(id.hex()),
        rw, root, life.snapshotter.name(), data, List.of(), networking == null ? null : NetworkViews.of(c, networking));
  }

  private List<ContainerView.MountPoint> mountPoints(Container c) {
    try {
      return life.volumes.mountPoints(c.config().storage());
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  List<ContainerView> list(ListOptions options) {
    boolean all = options.all() || options.limit() > 0 || ListFilters.impliesAll(options.filters());
    Predicate<ContainerView> match = ListFilters.of(options.filters(), life.store::lookup, this::imageId);
    List<ContainerView> out = new ArrayList<>();
    for (Container c : life.store.list()) {
      if (!all && !c.state().isRunning()) {
        continue;
      }
      ContainerView v = view(c, false, options.size());
      if (match.test(v)) {
        out.add(v);
        if (options.limit() > 0 && out.size() >= options.limit()) {
          break;
        }
      }
    }
    return out;
  }

  private Optional<Digest> imageId(String ref) {
    try {
      return Optional.of(images.resolve(ref));
    } catch (BerthException e) {
      return Optional.empty();
    }
  }

  long sizeRw(ContainerId id) {
    try {
      return life.snapshotter.usage(ContainerPaths.snapshotKey(id)).size();
    } catch (BerthException e) {
      return -1;
    }
  }

  private long imageSize(Digest imageId) {
    try {
      return images.inspect(imageId.toString()).size();
    } catch (BerthException e) {
      return 0;
    }
  }

  /** Docker's GraphDriver.Data for overlay: LowerDir (colon-joined, topmost first), UpperDir, WorkDir, MergedDir. */
  private Map<String, String> graphDriverData(ContainerId id, boolean mounted) {
    List<Mount> mounts;
    try {
      mounts = life.snapshotter.mounts(ContainerPaths.snapshotKey(id));
    } catch (BerthException e) {
      return Map.of();
    }
    Map<String, String> data = new LinkedHashMap<>();
    List<String> lowers = new ArrayList<>();
    for (Mount m : mounts) {
      for (String o : m.options()) {
        if (o.startsWith("lowerdir+=")) {
          lowers.add(o.substring("lowerdir+=".length()));
        } else if (o.startsWith("lowerdir=")) {
          lowers.add(o.substring("lowerdir=".length()));
        } else if (o.startsWith("upperdir=")) {
          data.put("UpperDir", o.substring("upperdir=".length()));
        } else if (o.startsWith("workdir=")) {
          data.put("WorkDir", o.substring("workdir=".length()));
        }
      }
      if (m.type().equals("bind") && !data.containsKey("UpperDir")) {
        data.put("UpperDir", m.source());
      }
    }
    if (!lowers.isEmpty()) {
      data.put("LowerDir", String.join(":", lowers));
    }
    if (mounted) {
      data.put("MergedDir", life.paths.rootfs(id).toString());
    }
    return data;
  }
}
