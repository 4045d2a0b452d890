package dev.berth.cli.system;

import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.client.Conduit;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code berth system dial-stdio}: joins this process's stdin and stdout to the daemon's socket, byte for
 * byte, as {@code docker system dial-stdio} does. It is the far end of {@code berth -H ssh://host}: ssh runs
 * it on the remote host, and the local CLI speaks HTTP through ssh's stdio to the remote daemon.
 *
 * <p>Both directions are copied at once. End of stdin half-closes the socket (the daemon, or the container
 * attached behind it, sees end of input while its answer keeps coming); end of the socket, or a stdout that
 * nobody reads any more, ends the bridge.
 */
@Command(description = "Connect stdin and stdout to the daemon's socket (used by ssh:// hosts; not meant to be run by hand)")
public final class DialStdioCommand implements Callable<Integer> {
  private static final int BUFFER = 64 * 1024;

  private final CliContext ctx;

  @Mixin HelpOption help;

  public DialStdioCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    try (Conduit daemon = ctx.transport().dial(ctx.host())) {
      InputStream in = ctx.stdin();
      OutputStream out = ctx.stdout();
      Thread upstream = Thread.ofPlatform().daemon().name("dial-stdio-in").start(() -> toDaemon(in, daemon));
      fromDaemon(daemon, out);
      upstream.interrupt();
    }
    return 0;
  }

  /** stdin to the daemon; at end of stdin, half-closes the socket. */
  private static void toDaemon(InputStream in, Conduit daemon) {
    byte[] buf = new byte[BUFFER];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        ByteBuffer chunk = ByteBuffer.wrap(buf, 0, n);
        while (chunk.hasRemaining()) daemon.write(chunk);
      }
      daemon.shutdownOutput();
    } catch (IOException e) {
      // the daemon closed its side, or we are ending: nothing more to send either way
    }
  }

  /** The daemon to stdout, until the daemon closes or nobody reads stdout any more. */
  private static void fromDaemon(Conduit daemon, OutputStream out) {
    ByteBuffer buf = ByteBuffer.allocate(BUFFER);
    try {
      while (true) {
        buf.clear();
        int n = daemon.read(buf);
        if (n < 0) break;
        out.write(buf.array(), 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // the socket or stdout went away: the bridge is over
    }
  }
}
