package dev.berth.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started daemon. {@link #close} stops serving, removes the sockets and the pidfile and closes the engine,
 * in the reverse order of starting; it is idempotent, so a shutdown hook and a test may both call it.
 */
public final class RunningDaemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunningDaemon.class);

  private final DaemonConfig config;
  private final List<Path> sockets;
  private final List<AutoCloseable> undo;
  private boolean closed;

  RunningDaemon(DaemonConfig config, List<Path> sockets, List<AutoCloseable> undo) {
    this.config = config;
    this.sockets = List.copyOf(sockets);
    this.undo = new ArrayList<>(undo);
  }

  public DaemonConfig config() {
    return config;
  }

  /** The first socket. */
  public Path socket() {
    return sockets.getFirst();
  }

  public List<Path> sockets() {
    return sockets;
  }

  /** {@code unix:///…}, for DOCKER_HOST. */
  public String dockerHost() {
    return "unix://" + socket();
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    closeAll(undo);
    LOG.info("berthd stopped");
  }

  static void closeAll(List<AutoCloseable> undo) {
    for (int i = undo.size() - 1; i >= 0; i--) {
      try {
        undo.get(i).close();
      } catch (Exception e) {
        LOG.warn("while stopping: {}", e.toString());
      }
    }
  }
}
