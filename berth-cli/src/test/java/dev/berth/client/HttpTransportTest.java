package dev.berth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Framing cases a well-behaved fake never produces: a raw socket answers with bytes we choose. */
class HttpTransportTest {
  @TempDir Path dir;
  ServerSocketChannel server;
  DaemonHost host;
  CompletableFuture<String> received;

  @BeforeEach
  void listen() throws IOException {
    Path socket = dir.resolve("raw.sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    host = DaemonHost.parse("unix://" + socket);
  }

  @AfterEach
  void close() throws IOException {
    server.close();
  }

  /** Accepts one connection on a virtual thread, reads the request head, writes {@code answer}, closes. */
  void answerOnce(String answer) {
    received = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try (SocketChannel c = server.accept()) {
        StringBuilder head = new StringBuilder();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (!head.toString().contains("\r\n\r\n") && c.read(buf) > 0) {
          head.append(new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1));
          buf.clear();
        }
        received.complete(head.toString());
        c.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.ISO_8859_1)));
      } catch (IOException e) {
        received.completeExceptionally(e);
      }
    });
  }

  ApiResponse send() throws IOException {
    return new HttpTransport().send(host, ApiRequest.get("/info").build(), "/v1.47");
  }

  @Test
  void send_bodyEndsAtClose_readsItAll() throws Exception {
    answerOnce("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"a\":1}");
    try (ApiResponse r = send()) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("{\"a\":1}");
    }
    String head = received.get(5, TimeUnit.SECONDS);
    assertThat(head).startsWith("GET /v1.47/info HTTP/1.1\r\n");
    assertThat(head.toLowerCase()).contains("host: api.moby.localhost").contains("user-agent: berth-client/");
  }

  @Test
  void send_continueThenAnswer_skipsInformational() throws Exception {
    answerOnce("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nApi-Version: 1.47\r\n\r\n");
    try (ApiResponse r = send()) {
      assertThat(r.status()).isEqualTo(204);
      assertThat(r.header("API-Version")).isEqualTo("1.47");
      assertThat(r.bytes()).isEmpty();
    }
  }

  @Test
  void send_closedBeforeAnswer_saysSo() {
    answerOnce("");
    assertThatThrownBy(this::send).isInstanceOf(IOException.class).hasMessageContaining("closed the connection without answering");
  }

  @Test
  void send_garbage_isMalformed() {
    answerOnce("SMTP ready\r\n\r\n");
    assertThatThrownBy(() -> {
      try (ApiResponse r = send()) {
        r.bytes();
      }
    }).isInstanceOf(IOException.class).hasMessageContaining("malformed HTTP response");
  }

  @Test
  void send_chunkedCutShort_failsAfterWhatCame() throws Exception {
    answerOnce("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
    try (ApiResponse r = send()) {
      byte[] first = new byte[5];
      assertThat(r.body().readNBytes(first, 0, 5)).isEqualTo(5);
      assertThat(new String(first, StandardCharsets.US_ASCII)).isEqualTo("hello");
      // A cut-short answer must not read as a complete one: a saved tar would be silently truncated.
      assertThatThrownBy(() -> r.body().read()).isInstanceOf(IOException.class).hasMessageContaining("before the end of the response");
    }
  }

  @Test
  void send_contentLengthCutShort_fails() {
    answerOnce("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"partial\"");
    assertThatThrownBy(() -> {
      try (ApiResponse r = send()) {
        r.bytes();
      }
    }).isInstanceOf(IOException.class);
  }
}
