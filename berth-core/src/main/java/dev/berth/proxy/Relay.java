package dev.berth.proxy;

import java.net.InetSocketAddress;

/** The protocol half of a forwarder: TCP connections or UDP sessions. */
sealed interface Relay extends AutoCloseable permits TcpRelay, UdpRelay {
  InetSocketAddress address();

  @Override
  void close();
}
