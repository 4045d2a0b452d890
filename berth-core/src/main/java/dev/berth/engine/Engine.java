package dev.berth.engine;

import dev.berth.engine.events.EventBus;

/**
 * The engine: opens the stores under a data root and hands out the services. One per berthd.
 * Front ends hold an Engine and call only its services.
 */
public final class Engine implements AutoCloseable {
  private final EngineConfig config;
  private final EventBus events;
  private final ImageService images;
  private final AutoCloseable resources;

  private Engine(EngineConfig config, EventBus events, ImageService images, AutoCloseable resources) {
    this.config = config;
    this.events = events;
    this.images = images;
    this.resources = resources;
  }

  /** Opens (creating if needed) the stores under {@code config.dataRoot()} with the chosen storage driver. */
  public static Engine open(EngineConfig config) {
    // Wiring of the content store, image store, snapshotter and image service lands with the image store.
    throw new UnsupportedOperationException("Engine.open is not wired yet");
  }

  public EngineConfig config() {
    return config;
  }

  public EventBus events() {
    return events;
  }

  public ImageService images() {
    return images;
  }

  /** The storage driver's name, for {@code info}. */
  public String storageDriver() {
    return config.storageDriver();
  }

  @Override
  public void close() {
    try {
      resources.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the engine: " + e.getMessage(), e);
    }
  }
}
