package dev.berth.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * Sends requests and hands back streaming responses. The bytes go over a {@link Conduit}: a blocking JDK
 * {@link SocketChannel} for unix and TCP hosts, one request per connection; an ssh process for {@code ssh://}
 * hosts ({@link SshConduit}), kept alive between requests (HTTP/1.1 keep-alive) since each new one costs an
 * ssh login and a remote {@code berth} start. HTTP/1.1 framing (chunked encoding included) is Netty's {@code HttpClientCodec},
 * driven in an {@code EmbeddedChannel} so that no event-loop thread is started: a CLI call stays cheap.
 */
public final class HttpTransport implements AutoCloseable {
  static final String USER_AGENT = "Berth-Client/" + Versions.CLIENT_VERSION;

  private final SshOptions ssh;
  private final IdleConduits idle = new IdleConduits();

  /** A transport that runs plain {@code ssh} for {@code ssh://} hosts. */
  public HttpTransport() {
    this(SshOptions.defaults());
  }

  /** @param ssh how to run the ssh client for {@code ssh://} hosts */
  public HttpTransport(SshOptions ssh) {
    this.ssh = java.util.Objects.requireNonNull(ssh, "ssh options");
  }

  /**
   * Connects, writes the request (streaming its body with chunked encoding) and reads the response head.
   * The caller must close the response.
   *
   * @throws DaemonUnavailableException when nothing listens at the host
   */
  public ApiResponse send(DaemonHost host, ApiRequest request, String versionPrefix) throws IOException {
    Conduit kept = idle.take(host);
    if (kept != null) {
      try {
        return exchange(host, kept, request, versionPrefix, request.body() == null);
      } catch (StaleConduit e) {
        // the daemon closed the kept bridge before our request reached it: nothing happened, so send it afresh
      }
    }
    return exchange(host, dial(host), request, versionPrefix, false);
  }

  /** Thrown when a kept conduit failed before any answer, for a request that can be sent again. */
  private static final class StaleConduit extends IOException {
    StaleConduit(IOException cause) {
      super(cause);
    }
  }

  private ApiResponse exchange(DaemonHost host, Conduit socket, ApiRequest request, String versionPrefix, boolean retryable) throws IOException {
    java.util.function.Consumer<Conduit> release = host.address() instanceof SshAddress ? c -> idle.put(host, c) : null;
    HttpConnection connection = new HttpConnection(socket, host.hostHeader(), release);
    try {
      IOException writeFailure = null;
      try {
        connection.writeRequest(request, request.target(versionPrefix));
      } catch (IOException e) {
        // The daemon may have answered and closed early (for example rejecting a bad tar): read that answer.
        writeFailure = e;
      }
      try {
        ApiResponse response = connection.readResponse();
        if (writeFailure != null) connection.keepNoLonger();
        return response;
      } catch (IOException e) {
        if (retryable && !connection.answered() && !(e instanceof DaemonUnavailableException)) {
          connection.keepNoLonger();
          throw new StaleConduit(e);
        }
        if (writeFailure != null) {
          writeFailure.addSuppressed(e);
          throw writeFailure;
        }
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      connection.keepNoLonger();
      connection.close();
      throw e;
    }
  }

  /**
   * Connects and performs an attach or exec-start that takes over the connection ({@code Upgrade: tcp}).
   * The body, if any, is sent whole with a Content-Length, since chunked framing would not end cleanly
   * before the raw stream begins. The caller closes the stream.
   */
  public HijackedStream hijack(DaemonHost host, ApiRequest request, byte[] body, String versionPrefix) throws IOException {
    Conduit kept = idle.take(host);
    if (kept != null) {
      try {
        return Hijack.open(kept, host.hostHeader(), request, request.target(versionPrefix), body);
      } catch (IOException e) {
        kept.close(); // stale: the body is at hand, so send the request again on a fresh bridge
      } catch (RuntimeException e) {
        kept.close();
        throw e;
      }
    }
    Conduit socket = dial(host);
    try {
      return Hijack.open(socket, host.hostHeader(), request, request.target(versionPrefix), body);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Opens a raw two-way stream to the daemon, with no HTTP on it yet: what {@code berth system dial-stdio}
   * bridges to its stdio. The caller closes it.
   *
   * @throws DaemonUnavailableException when nothing listens at the host, or ssh could not be started
   */
  public Conduit dial(DaemonHost host) throws IOException {
    if (host.address() instanceof SshAddress address) return SshConduit.open(address, ssh);
    return new SocketConduit(connect(host));
  }

  /** Closes the kept ssh bridges: their ssh processes end, and so do the remote bridges. */
  @Override
  public void close() {
    idle.close();
  }

  private static SocketChannel connect(DaemonHost host) throws IOException {
    try {
      if (host.address() instanceof UnixDomainSocketAddress unix) {
        SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
          socket.connect(unix);
        } catch (IOException e) {
          socket.close();
          throw e;
        }
        return socket;
      }
      InetSocketAddress inet = (InetSocketAddress) host.address();
      return SocketChannel.open(new InetSocketAddress(inet.getHostString(), inet.getPort()));
    } catch (java.net.SocketException | java.nio.file.NoSuchFileException | java.nio.channels.UnresolvedAddressException e) {
      throw new DaemonUnavailableException(host, e);
    }
  }
}
