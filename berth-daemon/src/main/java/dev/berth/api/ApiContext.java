package dev.berth.api;

import dev.berth.engine.Engine;
import dev.berth.engine.ImageService;
import dev.berth.engine.events.EventBus;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the routes may use: the engine's services and a few facts about this daemon. Narrower than
 * {@link Engine}, so tests can serve the API over a fake image service.
 *
 * @param engineId a stable ID of this daemon's data root, shown by {@code info}
 */
public record ApiContext(ImageService images, EventBus events, String storageDriver, Path dataRoot, String engineId, boolean debug) {
  public ApiContext {
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(storageDriver, "storageDriver");
    Objects.requireNonNull(dataRoot, "dataRoot");
    Objects.requireNonNull(engineId, "engineId");
  }

  public static ApiContext of(Engine engine, String engineId, boolean debug) {
    return new ApiContext(engine.images(), engine.events(), engine.storageDriver(), engine.config().dataRoot(), engineId, debug);
  }
}
