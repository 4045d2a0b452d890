package dev.berth.api;

import dev.berth.api.transport.UnixHttpServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Engine API server: the routes of every resource behind the dispatcher, on unix sockets. The daemon
 * decides where sockets live and what mode they get; this class only serves them.
 */
public final class ApiServer implements AutoCloseable {
  private final UnixHttpServer http;

  public ApiServer(Router router, boolean debug) {
    Map<String, String> headers = Map.of(
        "Api-Version", ApiVersion.CURRENT.toString(),
        "Docker-Experimental", "false",
        "Ostype", "linux",
        "Server", BerthVersion.serverHeader());
    this.http = new UnixHttpServer(new Dispatcher(router, debug), headers);
  }

  public static ApiServer forContext(ApiContext context) {
    return new ApiServer(Routes.all(context), context.debug());
  }

  /** Every resource's routes plus {@code extra} ones that the context does not carry (berthd's {@code /dom0}). */
  public static ApiServer forContext(ApiContext context, java.util.function.Consumer<Router.Builder> extra) {
    return new ApiServer(Routes.all(context, extra), context.debug());
  }

  public void listen(Path socket) throws IOException {
    http.listen(socket);
  }

  @Override
  public void close() {
    http.close();
  }
}
