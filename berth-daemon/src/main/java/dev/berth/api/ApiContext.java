package dev.berth.api;

import dev.berth.engine.AmbassadorService;
import dev.berth.engine.BuildService;
import dev.berth.engine.ContainerService;
import dev.berth.engine.Engine;
import dev.berth.engine.ExecService;
import dev.berth.engine.ImageService;
import dev.berth.engine.NetworkService;
import dev.berth.engine.StackService;
import dev.berth.engine.VolumeService;
import dev.berth.api.networks.ReadOnlyNetworks;
import dev.berth.engine.events.EventBus;
import dev.berth.errors.SystemException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the routes may use: the engine's services and a few facts about this daemon. Narrower than
 * {@link Engine}, so tests can serve the API over fake services.
 *
 * @param engineId a stable ID of this daemon's data root, shown by {@code info}
 * @param builds the builder ({@code POST /build}); the data root's {@code tmp/} holds the unpacked contexts
 * @param ambassadors the running ambassadors ({@code /ambassadors}, a Berth extension)
 * @param stacks the stacks ({@code /stacks}, a Berth extension)
 */
public record ApiContext(
    ImageService images,
    ContainerService containers,
    ExecService execs,
    VolumeService volumes,
    NetworkService networks,
    EventBus events,
    String storageDriver,
    Path dataRoot,
    String engineId,
    boolean debug,
    BuildService builds,
    AmbassadorService ambassadors,
    StackService stacks) {
  public ApiContext {
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(containers, "containers");
    Objects.requireNonNull(execs, "execs");
    Objects.requireNonNull(volumes, "volumes");
    Objects.requireNonNull(networks, "networks");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(storageDriver, "storageDriver");
    Objects.requireNonNull(dataRoot, "dataRoot");
    Objects.requireNonNull(engineId, "engineId");
    Objects.requireNonNull(builds, "builds");
    Objects.requireNonNull(ambassadors, "ambassadors");
    Objects.requireNonNull(stacks, "stacks");
  }

  /** Without stacks (their routes answer 500 "not available"). */
  public ApiContext(ImageService images, ContainerService containers, ExecService execs, VolumeService volumes,
      NetworkService networks, EventBus events, String storageDriver, Path dataRoot, String engineId, boolean debug,
      BuildService builds, AmbassadorService ambassadors) {
    this(images, containers, execs, volumes, networks, events, storageDriver, dataRoot, engineId, debug, builds, ambassadors,
        unavailable(StackService.class));
  }

  /** Without ambassadors (the list is empty). */
  public ApiContext(ImageService images, ContainerService containers, ExecService execs, VolumeService volumes,
      NetworkService networks, EventBus events, String storageDriver, Path dataRoot, String engineId, boolean debug,
      BuildService builds) {
    this(images, containers, execs, volumes, networks, events, storageDriver, dataRoot, engineId, debug, builds, AmbassadorService.NONE);
  }

  /** Without a network service (the predefined networks, read only: {@link ReadOnlyNetworks}). */
  public ApiContext(ImageService images, ContainerService containers, ExecService execs, VolumeService volumes,
      EventBus events, String storageDriver, Path dataRoot, String engineId, boolean debug, BuildService builds) {
    this(images, containers, execs, volumes, new ReadOnlyNetworks(engineId), events, storageDriver, dataRoot, engineId, debug, builds);
  }

  /** Without a builder (its routes answer 500 "not available"). */
  public ApiContext(ImageService images, ContainerService containers, ExecService execs, VolumeService volumes,
      NetworkService networks, EventBus events, String storageDriver, Path dataRoot, String engineId, boolean debug) {
    this(images, containers, execs, volumes, networks, events, storageDriver, dataRoot, engineId, debug, unavailable(BuildService.class));
  }

  /** Without a builder or a network service. */
  public ApiContext(ImageService images, ContainerService containers, ExecService execs, VolumeService volumes,
      EventBus events, String storageDriver, Path dataRoot, String engineId, boolean debug) {
    this(images, containers, execs, volumes, events, storageDriver, dataRoot, engineId, debug, unavailable(BuildService.class));
  }

  /** A context without containers, execs, volumes or builds (their routes answer 500 "not available"): image-only tests. */
  public ApiContext(ImageService images, EventBus events, String storageDriver, Path dataRoot, String engineId, boolean debug) {
    this(images, unavailable(ContainerService.class), unavailable(ExecService.class), unavailable(VolumeService.class),
        events, storageDriver, dataRoot, engineId, debug, unavailable(BuildService.class));
  }

  /**
   * The engine's services. Containers, execs, volumes, networks and builds are looked up on each call rather than now, so a
   * daemon whose engine has not wired one of them yet still starts and serves the rest.
   */
  public static ApiContext of(Engine engine, String engineId, boolean debug) {
    return new ApiContext(engine.images(), lazy(ContainerService.class, engine::containers),
        lazy(ExecService.class, engine::execs), lazy(VolumeService.class, engine::volumes),
        lazy(NetworkService.class, engine::networks), engine.events(), engine.storageDriver(), engine.config().dataRoot(),
        engineId, debug, lazy(BuildService.class, engine::builds), lazy(AmbassadorService.class, engine::ambassadors),
        lazy(StackService.class, engine::stacks));
  }

  private static <T> T unavailable(Class<T> type) {
    return lazy(type, () -> {
      throw new SystemException(type.getSimpleName() + " is not available in this daemon");
    });
  }

  /** A {@code type} that asks {@code target} for the real service on every call (no caching: cheap and never stale). */
  static <T> T lazy(Class<T> type, Supplier<? extends T> target) {
    Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "hashCode" -> System.identityHashCode(self);
          case "equals" -> self == args[0];
          default -> "lazy " + type.getSimpleName();
        };
      }
      try {
        return method.invoke(target.get(), args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
    return type.cast(proxy);
  }
}
