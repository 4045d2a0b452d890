package dev.berth.engine;

import java.util.List;

/**
 * The ambassadors running on this host: containers of an image labelled {@value #LABEL}, whose
 * {@code *_PORT_<n>_TCP=tcp://host:port} variables berthd serves as forwarding listeners on port n inside the
 * container's network. A {@code ref} is a container ID, name or ID prefix. Errors: NotFoundException (no such
 * container, not a running ambassador, no listener on that port), InvalidArgumentException (a bad address).
 */
public interface AmbassadorService {
  /** The image (or container) label that makes a container an ambassador; its value is ignored. */
  String LABEL = "dev.berth.ambassador";

  /** The running ambassadors, by container name. */
  List<AmbassadorView> list();

  /**
   * Points one listener at new backends, tried in order: new connections go there at once, open ones drain to
   * the old target. The change lasts until the ambassador stops; a restart reads its environment again.
   *
   * @param protocol {@code tcp} or {@code udp}
   */
  AmbassadorView retarget(String ref, int port, String protocol, List<String> backends);

  /** One running ambassador. */
  record AmbassadorView(String id, String name, List<ListenerView> listeners) {
    public AmbassadorView {
      listeners = List.copyOf(listeners);
    }
  }

  /**
   * One forwarding listener with its counters: connections accepted in total and open now, bytes from clients to
   * the backend ({@code bytesIn}) and back ({@code bytesOut}).
   */
  record ListenerView(int port, String protocol, List<BackendView> backends, long connections, long open, long bytesIn,
      long bytesOut) {
    public ListenerView {
      backends = List.copyOf(backends);
    }
  }

  /** A backend as {@code tcp://host:port}, and whether the health check has marked it down. */
  record BackendView(String address, boolean down) {}

  /** When networking is off: no ambassador runs. */
  AmbassadorService NONE = new AmbassadorService() {
    @Override
    public List<AmbassadorView> list() {
      return List.of();
    }

    @Override
    public AmbassadorView retarget(String ref, int port, String protocol, List<String> backends) {
      throw new dev.berth.errors.NotFoundException("no ambassador runs here: this daemon's networking is off");
    }
  };
}
