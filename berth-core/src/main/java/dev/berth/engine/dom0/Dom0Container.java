package dev.berth.engine.dom0;

import dev.berth.engine.ContainerService;
import dev.berth.engine.ContainerView;
import dev.berth.engine.Dom0Service.Step;
import dev.berth.engine.Image;
import dev.berth.errors.NotFoundException;
import dev.berth.runtime.container.BasicConfig;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.MountSpec;
import dev.berth.runtime.container.NetworkConfig;
import dev.berth.runtime.container.RestartPolicy;
import dev.berth.runtime.container.SecurityConfig;
import dev.berth.runtime.container.StorageConfig;
import dev.berth.runtime.state.ContainerState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The container {@value #NAME}: a dom0 image's CMD, privileged, on the host's network, restarted always, with
 * berthd's socket at {@value #SOCKET_TARGET} so it can start more containers, as the seed's orchestration container
 * did. It is labelled with the image ID it runs ({@value #LABEL}). The same image keeps the same container, which
 * is restarted at each boot: a new berthd made a new socket file, and a bind mount still shows the old one. A new
 * image, or a socket at another path, replaces it. A container of that name that berthd did not create is left alone and the step fails.
 */
final class Dom0Container {
  static final String NAME = "dom0";
  static final String LABEL = "dev.berth.dom0.image";
  static final String SOCKET_TARGET = "/var/run/docker.sock";

  private final ContainerService containers;
  private final Path socket;
  private final Duration exitWatch;

  Dom0Container(ContainerService containers, Path socket, Duration exitWatch) {
    this.containers = containers;
    this.socket = socket;
    this.exitWatch = exitWatch;
  }

  static boolean hasCommand(Image image) {
    var c = image.config().config();
    return c != null && ((c.cmd() != null && !c.cmd().isEmpty()) || (c.entrypoint() != null && !c.entrypoint().isEmpty()));
  }

  /** Creates, replaces, starts or restarts the container for {@code image}, then watches its first seconds. */
  Step ensure(String imageName, Image image, Step started) {
    ContainerView existing = find();
    String id = image.id().toString();
    if (existing != null && !existing.container().config().basic().labels().containsKey(LABEL)) {
      return Steps.failed(started, "not started", "a container named " + NAME + " exists that berthd did not create for dom0; remove or rename it");
    }
    String what;
    String containerId;
    if (existing != null && id.equals(existing.container().config().basic().labels().get(LABEL)) && mountsSocket(existing)) {
      containerId = existing.container().id().hex();
      if (existing.container().state().isRunning()) {
        containers.restart(containerId, 10, null);
        what = "kept " + shortId(containerId) + ", restarted for this berthd's socket";
      } else {
        containers.start(containerId);
        what = "kept " + shortId(containerId) + ", started";
      }
    } else {
      if (existing != null) removeForce(existing.container().id().hex());
      containerId = containers.create(NAME, config(imageName, id)).id();
      containers.start(containerId);
      what = (existing == null ? "created " : "replaced " + shortId(existing.container().id().hex()) + " by ") + shortId(containerId);
    }
    return watch(started, containerId, what);
  }

  /** Whether the container binds this berthd's socket path (another {@code -H} needs a new container). */
  private boolean mountsSocket(ContainerView c) {
    return c.container().config().storage().mounts().stream()
        .anyMatch(m -> m.type() == MountSpec.Type.BIND && m.source().equals(socket.toString()) && m.target().equals(SOCKET_TARGET));
  }

  /** No CMD in the image: removes a dom0 container an earlier image left. */
  Step absent(String imageName, Step started) {
    ContainerView existing = find();
    if (existing == null || !existing.container().config().basic().labels().containsKey(LABEL)) {
      return Steps.skipped(started, imageName + " has no CMD");
    }
    removeForce(existing.container().id().hex());
    return Steps.done(started, imageName + " has no CMD: removed the earlier dom0 container " + shortId(existing.container().id().hex()));
  }

  private ContainerConfig config(String imageName, String imageId) {
    BasicConfig basic = new BasicConfig(imageName, null, null, null, null, null, Map.of(LABEL, imageId), null, null, false, false,
        null, null, null, null);
    StorageConfig storage = new StorageConfig(
        List.of(new MountSpec(MountSpec.Type.BIND, socket.toString(), SOCKET_TARGET, false, null)), null, null, false);
    return new ContainerConfig(basic, storage, new SecurityConfig(true, null, null, null), null, RestartPolicy.ALWAYS, null, false,
        false, NetworkConfig.of("host"));
  }

  /**
   * Fails the step when the container exits with a non-zero code (or is restarted) within the watch: a CMD that
   * fails at once is a broken dom0 image, and the restart policy would otherwise hide it.
   */
  private Step watch(Step started, String containerId, String what) {
    long deadline = System.nanoTime() + exitWatch.toNanos();
    int restarts = containers.inspect(containerId).container().restartCount();
    while (System.nanoTime() < deadline) {
      var c = containers.inspect(containerId).container();
      int code = switch (c.state()) {
        case ContainerState.Exited e -> e.exitCode();
        case ContainerState.Restarting r -> r.exitCode();
        default -> c.restartCount() > restarts ? -1 : 0;
      };
      if (code != 0) {
        return Steps.failed(started, what, "the dom0 container " + (code > 0 ? "exited with code " + code : "restarted")
            + " within " + exitWatch.toSeconds() + " s of its start; see berth logs " + NAME);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return Steps.done(started, what);
  }

  /**
   * Removes the container, killing it first. A CMD that fails at once keeps its container between exits and
   * restarts, and a kill can meet it just as its process ends ("container not running"): a few tries get past that.
   */
  private void removeForce(String id) {
    for (int attempt = 1; ; attempt++) {
      try {
        containers.remove(id, true, true);
        return;
      } catch (NotFoundException gone) {
        return;
      } catch (dev.berth.errors.BerthException e) {
        if (attempt >= 10) throw e;
        try {
          Thread.sleep(200);
        } catch (InterruptedException i) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private ContainerView find() {
    try {
      return containers.inspect(NAME);
    } catch (NotFoundException e) {
      return null;
    }
  }

  static String shortId(String id) {
    String hex = id.startsWith("sha256:") ? id.substring(7) : id;
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }
}
