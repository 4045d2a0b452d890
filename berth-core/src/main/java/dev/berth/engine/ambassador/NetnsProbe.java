package dev.berth.engine.ambassador;

import dev.berth.network.netns.NetNs;
import dev.berth.proxy.Backend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The NAT mode's health check: a TCP connect to each backend from inside the ambassador's network namespace,
 * where the forwarded connections leave from, so a backend that only berthd's namespace can reach counts as down.
 * The sockets are made on one thread that entered the namespace (a socket stays in the namespace it was made in)
 * and connected in parallel on virtual threads, so one round takes at most one connect timeout.
 */
final class NetnsProbe {
  private NetnsProbe() {}

  /** The backends of {@code backends} that did not accept a connection within {@code timeout}. */
  static Set<Backend> down(NetNs netns, List<Backend> backends, Duration timeout) {
    List<SocketChannel> sockets = netns.inside(() -> open(backends.size()));
    Set<Backend> down = new HashSet<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Boolean>> answers = new ArrayList<>();
      for (int i = 0; i < backends.size(); i++) {
        SocketChannel s = sockets.get(i);
        Backend b = backends.get(i);
        answers.add(threads.submit(() -> connects(s, b, timeout)));
      }
      for (int i = 0; i < backends.size(); i++) if (!answered(answers.get(i))) down.add(backends.get(i));
    } finally {
      sockets.forEach(NetnsProbe::closeQuietly);
    }
    return down;
  }

  private static List<SocketChannel> open(int n) throws IOException {
    List<SocketChannel> out = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) out.add(SocketChannel.open());
      return out;
    } catch (IOException e) {
      out.forEach(NetnsProbe::closeQuietly);
      throw e;
    }
  }

  private static boolean connects(SocketChannel s, Backend b, Duration timeout) {
    InetSocketAddress address = b.address();
    if (address.isUnresolved()) return false;
    try {
      s.socket().connect(address, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean answered(Future<Boolean> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void closeQuietly(SocketChannel s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // a probe socket: nothing to keep
    }
  }
}
