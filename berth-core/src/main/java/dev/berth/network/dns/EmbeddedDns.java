package dev.berth.network.dns;

import dev.berth.network.netns.NetNs;
import java.net.InetSocketAddress;
import java.util.List;

/** The daemon's DNS server; one instance serves every container. */
public final class EmbeddedDns implements AutoCloseable {
  /** The address Docker's embedded DNS listens on in every container. */
  public static final String ADDRESS = "127.0.0.11";

  private final Names names;
  private final List<InetSocketAddress> upstream;

  /** @param upstream the host's resolvers (from its resolv.conf), asked for names that are not containers' */
  public EmbeddedDns(Names names, List<InetSocketAddress> upstream) {
    this.names = names;
    this.upstream = List.copyOf(upstream);
  }

  /** Starts serving inside {@code netns} for container {@code containerId}; close the result to stop. */
  public AutoCloseable serve(String containerId, NetNs netns) {
    throw new UnsupportedOperationException("not yet written");
  }

  @Override
  public void close() {
    throw new UnsupportedOperationException("not yet written");
  }
}
