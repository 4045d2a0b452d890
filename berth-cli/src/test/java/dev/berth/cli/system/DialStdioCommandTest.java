package dev.berth.cli.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.CliRun;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DialStdioCommandTest {
  @TempDir Path dir;

  /**
   * A one-connection server that reads until the client half-closes, then answers with what it got and
   * closes: it can only answer if dial-stdio passed the end of stdin on as a half-close.
   */
  private CompletableFuture<String> answerAfterEndOfInput(Path socket) throws Exception {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    return CompletableFuture.supplyAsync(() -> {
      try (server; SocketChannel conn = server.accept()) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(1024);
        while (conn.read(buf.clear()) >= 0) got.write(buf.array(), 0, buf.position());
        String text = got.toString(StandardCharsets.UTF_8);
        conn.write(ByteBuffer.wrap(("received " + text.length() + " bytes: " + text).getBytes(StandardCharsets.UTF_8)));
        return text;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void dialStdio_inputEnds_halfClosesAndCopiesTheAnswerToStdout() throws Exception {
    Path socket = dir.resolve("d.sock");
    CompletableFuture<String> served = answerAfterEndOfInput(socket);
    CliRun run = CliRun.run("unix://" + socket, "hello\nworld".getBytes(StandardCharsets.UTF_8), false, Clock.systemUTC(), "system", "dial-stdio");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(served.get(10, TimeUnit.SECONDS)).isEqualTo("hello\nworld");
    assertThat(run.out()).isEqualTo("received 11 bytes: hello\nworld");
  }

  @Test
  void dialStdio_noDaemon_failsWithTheUsualMessage() {
    CliRun run = CliRun.run("unix://" + dir.resolve("none.sock"), "system", "dial-stdio");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("Cannot connect to the Berth daemon at unix://" + dir.resolve("none.sock") + ". Is berthd running?\n");
  }
}
