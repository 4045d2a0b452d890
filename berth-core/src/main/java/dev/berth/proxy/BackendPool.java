package dev.berth.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One list of backends, tried in order, with the health of each. A backend whose connect fails is marked down
 * and tried only after the healthy ones until a probe (or a later connect) reaches it again; so a client is never
 * refused while some backend still answers, and the first backend gets its traffic back once it recovers. With a
 * single backend there is nothing to choose: it is always tried. A retarget makes a new pool; the old one stays
 * with the connections it served.
 */
final class BackendPool {
  private final List<Backend> backends;
  private final Set<Backend> down = ConcurrentHashMap.newKeySet();

  BackendPool(List<Backend> backends) {
    if (backends == null || backends.isEmpty()) {
      throw new dev.berth.errors.InvalidArgumentException("invalid proxy target: want at least one backend");
    }
    this.backends = List.copyOf(backends);
  }

  List<Backend> backends() {
    return backends;
  }

  boolean isDown(Backend b) {
    return down.contains(b);
  }

  /** Connects to the first backend that answers, healthy ones first; empty when none does. */
  Optional<SocketChannel> connect(Duration timeout) {
    for (Backend b : order()) {
      try {
        SocketChannel ch = open(b, timeout);
        down.remove(b);
        return Optional.of(ch);
      } catch (IOException e) {
        if (backends.size() > 1) down.add(b);
      }
    }
    return Optional.empty();
  }

  /** Tries a TCP connect to every backend marked down and brings back those that answer. */
  void probe(Duration timeout) {
    for (Backend b : backends) {
      if (!down.contains(b)) continue;
      try (SocketChannel ch = open(b, timeout)) {
        down.remove(b);
      } catch (IOException e) {
        // still down: the next probe tries again
      }
    }
  }

  boolean anyDown() {
    return !down.isEmpty();
  }

  private List<Backend> order() {
    if (down.isEmpty()) return backends;
    List<Backend> ordered = new ArrayList<>(backends.size());
    for (Backend b : backends) if (!down.contains(b)) ordered.add(b);
    for (Backend b : backends) if (down.contains(b)) ordered.add(b);
    return ordered;
  }

  private static SocketChannel open(Backend b, Duration timeout) throws IOException {
    InetSocketAddress address = b.address();
    if (address.isUnresolved()) throw new IOException("cannot resolve " + b.host());
    SocketChannel ch = SocketChannel.open();
    try {
      Congestion.forBackend(SocketFds.of(ch), address.getAddress());
      Socket s = ch.socket();
      s.setTcpNoDelay(true);
      s.connect(address, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      return ch;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }
}
