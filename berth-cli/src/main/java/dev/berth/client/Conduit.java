package dev.berth.client;

import java.io.IOException;
import java.nio.channels.ByteChannel;

/**
 * A two-way byte stream to the daemon, whatever carries it: a unix or TCP socket ({@link SocketConduit}) or
 * the standard streams of an {@code ssh} process that runs {@code berth system dial-stdio} on the remote
 * host ({@link SshConduit}). HTTP exchanges and hijacked streams are written against this one interface, so
 * that every command works over every transport. Reads and writes may run on two threads at once; each
 * direction is driven by one thread.
 */
public interface Conduit extends ByteChannel {
  /**
   * Ends our side of the stream while the other side keeps sending: the daemon sees end of input (the
   * container's stdin ends) and its answer still arrives.
   */
  void shutdownOutput() throws IOException;
}
