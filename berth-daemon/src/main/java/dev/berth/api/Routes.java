package dev.berth.api;

import dev.berth.api.events.EventRoutes;
import dev.berth.api.images.ImageRoutes;
import dev.berth.api.system.SystemRoutes;
import dev.berth.api.volumes.VolumeRoutes;

/** Every resource's routes in one router. */
public final class Routes {
  private Routes() {}

  public static Router all(ApiContext context) {
    Router.Builder b = Router.builder();
    new SystemRoutes(context).register(b);
    new ImageRoutes(context).register(b);
    new EventRoutes(context).register(b);
    new VolumeRoutes(context).register(b);
    return b.build();
  }
}
