package dev.berth.client;

import java.net.SocketAddress;
import java.util.Objects;

/**
 * A daemon reached through ssh: {@code ssh://[user@]host[:port]}. It is a {@link SocketAddress} so that a
 * {@link DaemonHost} names it as it names a unix or TCP socket; {@link HttpTransport} dials it by running the
 * ssh client. The user and the port are optional: when absent, ssh takes them from {@code ~/.ssh/config} or
 * its defaults, as it would for {@code ssh host}.
 */
public final class SshAddress extends SocketAddress {
  private final String user;
  private final String host;
  private final int port;

  /**
   * @param user the login name, or null for ssh's choice
   * @param host a host name, an IPv4 address or a bare IPv6 address
   * @param port 1 to 65535, or 0 for ssh's choice
   */
  public SshAddress(String user, String host, int port) {
    if (host == null || host.isBlank()) throw new IllegalArgumentException("ssh address: a host is required");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("ssh address: port " + port + " is out of range");
    if (user != null && user.isBlank()) user = null;
    if (host.startsWith("-") || (user != null && user.startsWith("-"))) {
      // ssh would read either as an option: refuse rather than let a host name smuggle in a flag
      throw new IllegalArgumentException("ssh address: a user or host may not begin with '-'");
    }
    this.user = user;
    this.host = host;
    this.port = port;
  }

  /**
   * Parses the part after {@code ssh://}: {@code [user@]host[:port]}, the host in brackets when it is an
   * IPv6 address ({@code [::1]:2222}). A trailing slash is allowed; a path is not, since ssh has none.
   */
  public static SshAddress parse(String uri) {
    if (!uri.startsWith("ssh://")) throw new IllegalArgumentException("invalid daemon host \"" + uri + "\": expected ssh://[user@]host[:port]");
    String rest = uri.substring("ssh://".length());
    if (rest.endsWith("/")) rest = rest.substring(0, rest.length() - 1);
    if (rest.contains("/")) throw new IllegalArgumentException("invalid daemon host \"" + uri + "\": an ssh address has no path");
    String user = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      user = rest.substring(0, at);
      rest = rest.substring(at + 1);
    }
    String host = rest;
    int port = 0;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) throw new IllegalArgumentException("invalid daemon host \"" + uri + "\": unclosed '[' in the host");
      host = rest.substring(1, close);
      String after = rest.substring(close + 1);
      if (!after.isEmpty()) port = port(uri, after);
    } else if (rest.indexOf(':') >= 0) {
      host = rest.substring(0, rest.indexOf(':'));
      port = port(uri, rest.substring(rest.indexOf(':')));
    }
    if (host.isEmpty()) throw new IllegalArgumentException("invalid daemon host \"" + uri + "\": missing host");
    try {
      return new SshAddress(user, host, port);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid daemon host \"" + uri + "\": " + e.getMessage().replace("ssh address: ", ""), e);
    }
  }

  private static int port(String uri, String colonPort) {
    if (!colonPort.startsWith(":")) throw new IllegalArgumentException("invalid daemon host \"" + uri + "\": bad port");
    try {
      int port = Integer.parseInt(colonPort.substring(1));
      if (port < 1 || port > 65535) throw new NumberFormatException();
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid daemon host \"" + uri + "\": bad port \"" + colonPort.substring(1) + "\"", e);
    }
  }

  /** The login name, or null when ssh chooses it. */
  public String user() {
    return user;
  }

  public String host() {
    return host;
  }

  /** The port, or 0 when ssh chooses it (22 unless its config says otherwise). */
  public int port() {
    return port;
  }

  /** The destination argument of the ssh command: {@code user@host} or {@code host}. */
  String destination() {
    return user == null ? host : user + "@" + host;
  }

  /** The command a user runs to reach the host by hand: {@code ssh -p 2222 root@10.0.0.5}. */
  String sshCommandLine() {
    return "ssh " + (port == 0 ? "" : "-p " + port + " ") + destination();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SshAddress other && Objects.equals(user, other.user) && host.equals(other.host) && port == other.port;
  }

  @Override
  public int hashCode() {
    return Objects.hash(user, host, port);
  }

  /** The address as a URI: {@code ssh://root@[::1]:2222}. */
  @Override
  public String toString() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "ssh://" + (user == null ? "" : user + "@") + h + (port == 0 ? "" : ":" + port);
  }
}
