package dev.berth.network.dns;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Serves one container's TCP listener (RFC 7766): each connection on a virtual thread, any number of
 * length-prefixed queries one after another, closed after {@value #IDLE_MILLIS} ms of silence or at the first
 * unreadable message. At most {@value #MAX_CONNECTIONS} connections at once; more are closed at accept.
 * {@link #close} closes the listener and every open connection.
 */
final class TcpServer implements AutoCloseable {
  static final int MAX_CONNECTIONS = 64;
  static final int IDLE_MILLIS = 10_000;

  private final String containerId;
  private final ServerSocket listener;
  private final QueryHandler handler;
  private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile Thread acceptor;

  TcpServer(String containerId, ServerSocket listener, QueryHandler handler) {
    this.containerId = containerId;
    this.listener = listener;
    this.handler = handler;
  }

  void start() {
    acceptor = Thread.ofVirtual().name("dns-tcp-" + shortId()).start(this::acceptLoop);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket s;
      try {
        s = listener.accept();
      } catch (IOException e) {
        if (listener.isClosed()) return;
        Awaits.backOff();
        continue;
      }
      if (!slots.tryAcquire()) {
        closeQuietly(s);
        continue;
      }
      open.add(s);
      Thread.ofVirtual().name("dns-tcp-c-" + shortId()).start(() -> serve(s));
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout(IDLE_MILLIS);
      DataInputStream in = new DataInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (true) {
        byte[] query = in.readNBytes(in.readUnsignedShort());
        byte[] reply = handler.handle(containerId, query, query.length, true);
        if (reply == null) return;
        out.write(new byte[] {(byte) (reply.length >> 8), (byte) reply.length});
        out.write(reply);
        out.flush();
      }
    } catch (EOFException e) {
      // the client is done
    } catch (IOException e) {
      // idle timeout, reset, or closed by close(): the connection ends either way
    } finally {
      open.remove(s);
      slots.release();
    }
  }

  /**
   * Closes the listener and every connection, and waits for the accept loop to leave: the kernel socket of a
   * channel a thread is blocked on is only released when that thread returns, and the address must be free
   * again when close returns (a container's DNS may be served again at once in the same namespace).
   */
  @Override
  public void close() {
    closeQuietly(listener);
    for (Socket s : open) closeQuietly(s);
    Awaits.end(acceptor);
  }

  private String shortId() {
    return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing is best effort: the socket is gone either way
    }
  }
}
