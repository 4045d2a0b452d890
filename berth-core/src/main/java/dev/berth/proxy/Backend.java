package dev.berth.proxy;

import java.net.InetSocketAddress;

/** Where a forwarder sends connections: a host and port (resolved at each new connection). */
public record Backend(String host, int port) {
  public InetSocketAddress address() {
    return new InetSocketAddress(host, port);
  }

  /** Parses {@code tcp://host:port} or {@code host:port}. */
  public static Backend parse(String text) {
    String s = text.startsWith("tcp://") ? text.substring(6) : text.startsWith("udp://") ? text.substring(6) : text;
    int colon = s.lastIndexOf(':');
    if (colon <= 0) throw new dev.berth.errors.InvalidArgumentException("invalid backend address " + text + ": want tcp://host:port");
    try {
      return new Backend(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new dev.berth.errors.InvalidArgumentException("invalid backend address " + text + ": want tcp://host:port");
    }
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
