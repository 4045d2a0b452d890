package dev.berth.api;

import dev.berth.api.build.BuildRoutes;
import dev.berth.api.containers.ArchiveRoutes;
import dev.berth.api.containers.ContainerRoutes;
import dev.berth.api.containers.ContainerStreamRoutes;
import dev.berth.api.events.EventRoutes;
import dev.berth.api.exec.ExecRoutes;
import dev.berth.api.images.ImageRoutes;
import dev.berth.api.system.SystemRoutes;
import dev.berth.api.volumes.VolumeRoutes;

/** Every resource's routes in one router. */
public final class Routes {
  private Routes() {}

  public static Router all(ApiContext context) {
    return all(context, b -> {});
  }

  /** Every resource's routes plus {@code extra} ones. */
  public static Router all(ApiContext context, java.util.function.Consumer<Router.Builder> extra) {
    Router.Builder b = Router.builder();
    extra.accept(b);
    new SystemRoutes(context).register(b);
    new ImageRoutes(context).register(b);
    new EventRoutes(context).register(b);
    new dev.berth.api.networks.NetworkRoutes(context).register(b);
    new ContainerRoutes(context).register(b);
    new ContainerStreamRoutes(context).register(b);
    new ArchiveRoutes(context).register(b);
    new ExecRoutes(context).register(b);
    new VolumeRoutes(context).register(b);
    new BuildRoutes(context).register(b);
    new dev.berth.api.ambassadors.AmbassadorRoutes(context).register(b);
    new dev.berth.api.stacks.StackRoutes(context).register(b);
    new dev.berth.api.transfer.TransferRoutes(context).register(b);
    return b.build();
  }
}
