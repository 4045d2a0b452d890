package dev.berth.api.volumes;

import dev.berth.api.ApiContext;
import dev.berth.api.ApiServer;
import dev.berth.api.FakeImageService;
import dev.berth.engine.ContainerService;
import dev.berth.engine.ExecService;
import dev.berth.engine.events.EventBus;
import dev.berth.engine.volume.LocalVolumeService;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The full API on a socket in a temp dir, with the REAL local volume service under {@code dir/data/volumes}
 * (which containers use a volume comes from {@link #users}), fake images, and no containers or execs.
 */
public final class VolumeApiServer implements AutoCloseable {
  public final EventBus events = new EventBus();
  public final Map<String, List<String>> users = new ConcurrentHashMap<>();
  public final LocalVolumeService volumes;
  public final Path socket;
  private final ApiServer server;

  public VolumeApiServer(Path dir) throws Exception {
    volumes = LocalVolumeService.open(dir.resolve("data/volumes"), events, n -> users.getOrDefault(n, List.of()));
    ApiContext context = new ApiContext(new FakeImageService(events), absent(ContainerService.class), absent(ExecService.class),
        volumes, events, "vfs", dir.resolve("data"), "test-engine-id", false);
    server = ApiServer.forContext(context);
    socket = dir.resolve("api.sock");
    server.listen(socket);
  }

  private static <T> T absent(Class<T> type) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, m, args) -> {
      throw new dev.berth.errors.SystemException(type.getSimpleName() + " is not part of this test server");
    }));
  }

  @Override
  public void close() {
    server.close();
  }
}
