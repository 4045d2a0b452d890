package dev.berth.api;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the transport calls for every request, on the request's virtual thread: strips and checks the
 * {@code /vX.Y} prefix, routes, runs the handler, and turns a thrown error into {@code {"message": …}} with
 * the status {@link ErrorMapper} picks. An error after a streamed answer has begun cannot change the status,
 * so the connection is cut instead, which clients report as a truncated stream.
 */
public final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final Router router;
  private final boolean debug;

  public Dispatcher(Router router, boolean debug) {
    this.router = router;
    this.debug = debug;
  }

  /** Serves the exchange; its request carries the raw path. Never throws except when the answer cannot be sent. */
  public void dispatch(TransportExchange exchange) throws IOException {
    Request raw = exchange.request();
    if (debug) LOG.info("{} {}", raw.method(), raw.path());
    try {
      ApiVersion.Split split = ApiVersion.split(raw.path());
      Router.Matched matched = router.route(raw.method(), split.path());
      Request routed = new Request(raw.method(), split.path(), split.version(), raw.query(), raw.headers(), matched.pathParams(), raw.body());
      matched.route().handler().handle(exchange.withRequest(routed));
    } catch (Throwable t) {
      if (!exchange.isOpen()) {
        LOG.debug("{} {}: client left: {}", raw.method(), raw.path(), t.toString());
        return;
      }
      ErrorMapper.ApiError error = ErrorMapper.map(t);
      if (debug || error.status() >= 500) LOG.info("{} {} -> {} {}", raw.method(), raw.path(), error.status(), error.message());
      if (exchange.started()) {
        exchange.abort();
      } else {
        exchange.json(error.status(), error.body());
      }
    }
  }

  /** The transport's side of an exchange: whether an answer has begun, and how to cut it short. */
  public interface TransportExchange extends Exchange {
    boolean started();

    void abort();

    /** The same exchange, presenting the routed request to the handler. */
    Exchange withRequest(Request routed);
  }
}
