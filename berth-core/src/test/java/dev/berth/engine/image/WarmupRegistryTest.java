package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The warm-up's stub registry over a real socket: a TLS hello is refused at once; GET and HEAD on one connection. */
class WarmupRegistryTest {
  private final Map<String, WarmupRegistry.Answer> answers =
      Map.of("/v2/x", new WarmupRegistry.Answer("hello".getBytes(StandardCharsets.UTF_8), Map.of("Docker-Content-Digest", "sha256:1")));

  private static Socket connect(WarmupRegistry registry) throws Exception {
    String[] hostPort = registry.host().split(":");
    Socket s = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
    s.setSoTimeout(10_000);
    return s;
  }

  @Test
  void tlsHello_answered400AndClosedWithoutWaiting() throws Exception {
    try (WarmupRegistry registry = new WarmupRegistry(answers); Socket s = connect(registry)) {
      s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.0 400 Bad Request");
    }
  }

  @Test
  void getHeadAndUnknownPath_onOneKeptAliveConnection() throws Exception {
    try (WarmupRegistry registry = new WarmupRegistry(answers); Socket s = connect(registry)) {
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write("GET /v2/x HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(read(in, 76)).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 5\r\n", "Docker-Content-Digest: sha256:1\r\n")
          .endsWith("\r\n\r\nhello");
      out.write("HEAD /v2/x HTTP/1.1\r\n\r\nGET /v2/none HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String rest = read(in, 71 + 45);
      assertThat(rest).startsWith("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n").doesNotContain("hello")
          .endsWith("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    }
  }

  private static String read(InputStream in, int n) throws Exception {
    return new String(in.readNBytes(n), StandardCharsets.US_ASCII);
  }
}
