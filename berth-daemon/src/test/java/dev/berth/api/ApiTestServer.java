package dev.berth.api;

import dev.berth.engine.events.EventBus;
import java.nio.file.Path;

/**
 * The full API over fake image, container, exec and build services and a real local volume service (volumes have
 * no runtime parts), on a socket in a temp dir.
 */
public final class ApiTestServer implements AutoCloseable {
  public final EventBus events = new EventBus();
  public final FakeImageService images = new FakeImageService(events);
  public final FakeContainerService containers = new FakeContainerService(images, events);
  public final FakeExecService execs = new FakeExecService(containers);
  public final FakeNetworkService networks = new FakeNetworkService(containers);
  public final FakeBuildService builds = new FakeBuildService();
  public final Path socket;
  private final ApiServer server;

  public ApiTestServer(Path dir) throws Exception {
    var volumes = dev.berth.engine.volume.LocalVolumeService.open(dir.resolve("volumes"), events, name -> java.util.List.of());
    server = ApiServer.forContext(new ApiContext(images, containers, execs, volumes, networks, events, "vfs",
        dir.resolve("data"), "test-engine-id", false, builds));
    socket = dir.resolve("api.sock");
    server.listen(socket);
  }

  @Override
  public void close() {
    server.close();
  }
}
