package dev.berth.client;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Conduits kept alive between exchanges, per daemon host. Only ssh bridges are kept: each one costs an ssh
 * login and a remote {@code berth} start, while a unix socket costs next to nothing. The pool is owned by one
 * lock; a conduit is either in it or in the hands of exactly one exchange.
 */
final class IdleConduits implements AutoCloseable {
  private static final int MAX_PER_HOST = 4;

  private final Map<DaemonHost, Deque<Conduit>> idle = new HashMap<>();
  private boolean closed;

  /** A kept conduit to {@code host}, most recently used first, or null. */
  synchronized Conduit take(DaemonHost host) {
    Deque<Conduit> kept = idle.get(host);
    return kept == null ? null : kept.pollFirst();
  }

  /** Keeps {@code conduit} for the next exchange with {@code host}; closes it when the pool is full or closed. */
  void put(DaemonHost host, Conduit conduit) {
    synchronized (this) {
      Deque<Conduit> kept = idle.computeIfAbsent(host, h -> new ArrayDeque<>());
      if (!closed && conduit.isOpen() && kept.size() < MAX_PER_HOST) {
        kept.addFirst(conduit);
        return;
      }
    }
    closeQuietly(conduit);
  }

  /** Closes every kept conduit; later ones are closed as they come back. */
  @Override
  public void close() {
    List<Conduit> all = new ArrayList<>();
    synchronized (this) {
      closed = true;
      idle.values().forEach(all::addAll);
      idle.clear();
    }
    all.forEach(IdleConduits::closeQuietly);
  }

  private static void closeQuietly(Conduit c) {
    try {
      c.close();
    } catch (IOException e) {
      // dropping it either way
    }
  }
}
