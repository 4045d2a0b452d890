package dev.berth.client;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the daemon listens, written as Docker writes it: {@code unix:///run/berth/berth.sock},
 * {@code tcp://127.0.0.1:2375}, or {@code ssh://user@host[:port]} for a daemon on another machine, reached
 * through the ssh client and {@code berth system dial-stdio} there.
 *
 * @param uri the address as the user gave it (normalised), for messages
 * @param address the address to connect to: a unix or TCP socket address, or an {@link SshAddress}
 */
public record DaemonHost(String uri, SocketAddress address) {
  public static final String DEFAULT = "unix:///run/berth/berth.sock";

  public DaemonHost {
    if (uri == null || address == null) throw new IllegalArgumentException("daemon host: uri and address are required");
  }

  /**
   * The host to use: the {@code -H} flag when given, else {@code BERTH_HOST}, else {@code DOCKER_HOST}, else
   * {@link #DEFAULT}. Empty values count as absent, as in the docker CLI.
   */
  public static DaemonHost resolve(String flag, Map<String, String> env) {
    for (String candidate : new String[] {flag, env.get("BERTH_HOST"), env.get("DOCKER_HOST")}) {
      if (candidate != null && !candidate.isBlank()) return parse(candidate.strip());
    }
    return parse(DEFAULT);
  }

  /** Parses {@code unix://PATH}, {@code tcp://HOST:PORT}, {@code ssh://[USER@]HOST[:PORT]}, or a bare absolute socket path. */
  public static DaemonHost parse(String text) {
    if (text.startsWith("/")) text = "unix://" + text;
    if (text.startsWith("unix://")) {
      String path = text.substring("unix://".length());
      if (path.isEmpty() || !path.startsWith("/")) {
        throw new IllegalArgumentException("invalid daemon host \"" + text + "\": a unix socket path must be absolute");
      }
      return new DaemonHost(text, UnixDomainSocketAddress.of(Path.of(path)));
    }
    if (text.startsWith("tcp://")) return parseTcp(text);
    if (text.startsWith("ssh://")) {
      SshAddress ssh = SshAddress.parse(text);
      return new DaemonHost(ssh.toString(), ssh);
    }
    throw new IllegalArgumentException(
        "invalid daemon host \"" + text + "\": expected unix:///path/to/socket, tcp://host:port or ssh://user@host[:port]");
  }

  private static DaemonHost parseTcp(String text) {
    String rest = text.substring("tcp://".length());
    if (rest.endsWith("/")) rest = rest.substring(0, rest.length() - 1);
    int colon = rest.lastIndexOf(':');
    if (colon <= 0) throw new IllegalArgumentException("invalid daemon host \"" + text + "\": missing port");
    try {
      int port = Integer.parseInt(rest.substring(colon + 1));
      return new DaemonHost(text, InetSocketAddress.createUnresolved(rest.substring(0, colon), port));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid daemon host \"" + text + "\": bad port", e);
    }
  }

  /** The value of the HTTP {@code Host} header: Docker sends "api.moby.localhost" over a unix socket. */
  String hostHeader() {
    return address instanceof InetSocketAddress inet ? inet.getHostString() + ":" + inet.getPort() : "api.moby.localhost";
  }
}
