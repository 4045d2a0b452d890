package dev.berth.api;

import dev.berth.engine.events.EventBus;
import java.nio.file.Path;

/** The full API over a fake image service on a socket in a temp dir. */
public final class ApiTestServer implements AutoCloseable {
  public final EventBus events = new EventBus();
  public final FakeImageService images = new FakeImageService(events);
  public final Path socket;
  private final ApiServer server;

  public ApiTestServer(Path dir) throws Exception {
    server = ApiServer.forContext(new ApiContext(images, events, "vfs", dir.resolve("data"), "test-engine-id", false));
    socket = dir.resolve("api.sock");
    server.listen(socket);
  }

  @Override
  public void close() {
    server.close();
  }
}
