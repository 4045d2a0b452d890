package dev.berth.registry;

import static dev.berth.registry.ScriptedHttpServer.chunked;
import static dev.berth.registry.ScriptedHttpServer.head;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.testing.TestTls;
import java.io.EOFException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class BlockingHttpTest {
  private final byte[] blob = new byte[3 * 1024 * 1024 + 17];

  BlockingHttpTest() {
    new Random(6).nextBytes(blob);
  }

  private static BlockingHttp plain() throws Exception {
    return new BlockingHttp(SSLContext.getDefault(), true);
  }

  /** Answers every request with the blob, framed by Content-Length, and keeps the connection. */
  private ScriptedHttpServer.Handler whole() {
    return (request, out) -> {
      out.write(head(200, "Content-Length: " + blob.length, "Content-Type: application/octet-stream"));
      out.write(blob);
      return true;
    };
  }

  @Test
  void get_contentLengthBody_readsItAndReusesTheConnection() throws Exception {
    try (var server = ScriptedHttpServer.start(whole()); var http = plain()) {
      for (int i = 0; i < 3; i++) {
        Response r = http.get(server.uri("http", "/v2/app/blobs/x"), Map.of("Range", "bytes=0-"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentLength()).isEqualTo(blob.length);
        try (InputStream in = r.body()) {
          assertThat(in.readAllBytes()).isEqualTo(blob);
        }
      }
      assertThat(server.connections()).isEqualTo(1);
      assertThat(server.requests()).allSatisfy(req -> {
        assertThat(req.target()).isEqualTo("/v2/app/blobs/x");
        assertThat(req.header("Host")).isEqualTo(server.hostPort());
        assertThat(req.header("User-Agent")).isEqualTo("berth");
        assertThat(req.header("Range")).isEqualTo("bytes=0-");
      });
      assertThat(http.idleConnections()).isEqualTo(1);
    }
  }

  @Test
  void send_head_readsTheLengthWithoutABodyAndKeepsTheConnection() throws Exception {
    try (var server = ScriptedHttpServer.start((request, out) -> {
      if (request.method().equals("HEAD")) {
        out.write(head(200, "Content-Length: " + blob.length, "Docker-Content-Digest: sha256:abc"));
        return true;
      }
      return whole().answer(request, out);
    }); var http = plain()) {
      Response r = http.send("HEAD", server.uri("http", "/v2/app/blobs/x"), Map.of(), null);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.contentLength()).isEqualTo(blob.length);
      assertThat(r.body().read()).isEqualTo(-1);
      try (InputStream in = http.get(server.uri("http", "/v2/app/blobs/x"), Map.of()).body()) {
        assertThat(in.readAllBytes()).isEqualTo(blob);
      }
      assertThat(server.requests()).extracting(ScriptedHttpServer.Request::method).containsExactly("HEAD", "GET");
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void send_post_isRefused() throws Exception {
    try (var http = plain()) {
      assertThatThrownBy(() -> http.send("POST", java.net.URI.create("http://127.0.0.1:1/"), Map.of(), null))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void get_chunkedBody_decodesChunksAndTrailersAndReusesTheConnection() throws Exception {
    try (var server = ScriptedHttpServer.start((request, out) -> {
      out.write(head(200, "Transfer-Encoding: chunked"));
      out.write(chunked(blob, 100_003));
      return true;
    }); var http = plain()) {
      for (int i = 0; i < 2; i++) {
        try (InputStream in = http.get(server.uri("http", "/b"), Map.of()).body()) {
          assertThat(in.readAllBytes()).isEqualTo(blob);
        }
      }
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void read_bodyCutShort_failsWithEofAndDropsTheConnection() throws Exception {
    try (var server = ScriptedHttpServer.start((request, out) -> {
      out.write(head(200, "Content-Length: " + blob.length));
      out.write(blob, 0, 1000);
      return false;
    }); var http = plain()) {
      InputStream in = http.get(server.uri("http", "/b"), Map.of()).body();
      assertThatThrownBy(in::readAllBytes).isInstanceOf(EOFException.class)
          .hasMessageContaining("after 1000 of " + blob.length + " bytes");
      assertThat(http.idleConnections()).isZero();
    }
  }

  @Test
  void read_chunkedBodyCutShort_failsWithEof() throws Exception {
    byte[] framed = chunked(blob, 65536);
    try (var server = ScriptedHttpServer.start((request, out) -> {
      out.write(head(200, "Transfer-Encoding: chunked"));
      out.write(framed, 0, framed.length / 2);
      return false;
    }); var http = plain()) {
      InputStream in = http.get(server.uri("http", "/b"), Map.of()).body();
      assertThatThrownBy(in::readAllBytes).isInstanceOf(EOFException.class).hasMessageContaining("in the middle of a chunk");
    }
  }

  @Test
  void get_serverClosedTheIdleConnection_sendsOnceMoreOnAFreshOne() throws Exception {
    // answers one request per connection, then closes it without saying so (no "Connection: close")
    try (var server = ScriptedHttpServer.start((request, out) -> {
      out.write(head(200, "Content-Length: 5"));
      out.write("hello".getBytes());
      return false;
    }); var http = plain()) {
      for (int i = 0; i < 3; i++) {
        try (InputStream in = http.get(server.uri("http", "/b"), Map.of()).body()) {
          assertThat(in.readAllBytes()).asString().isEqualTo("hello");
        }
        Thread.sleep(50); // let the server's close arrive before the next request
      }
      assertThat(server.connections()).isEqualTo(3);
      assertThat(server.requests()).hasSize(3);
    }
  }

  @Test
  void close_beforeTheEnd_dropsALongBodysConnectionButDrainsAShortOne() throws Exception {
    try (var server = ScriptedHttpServer.start((request, out) -> {
      if (request.target().equals("/short")) {
        out.write(head(307, "Location: /elsewhere", "Content-Length: 12"));
        out.write("moved, see …".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return true;
      }
      return whole().answer(request, out);
    }); var http = plain()) {
      Response redirect = http.get(server.uri("http", "/short"), Map.of());
      assertThat(redirect.status()).isEqualTo(307);
      redirect.body().close();
      assertThat(http.idleConnections()).isEqualTo(1);
      Response longOne = http.get(server.uri("http", "/long"), Map.of());
      longOne.body().readNBytes(10);
      longOne.body().close();
      assertThat(http.idleConnections()).isZero();
      try (InputStream in = http.get(server.uri("http", "/long"), Map.of()).body()) {
        assertThat(in.readAllBytes()).isEqualTo(blob);
      }
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  @Test
  void get_connectionClose_isNotPooled() throws Exception {
    try (var server = ScriptedHttpServer.start((request, out) -> {
      out.write(head(200, "Content-Length: 2", "Connection: close"));
      out.write("ok".getBytes());
      return false;
    }); var http = plain()) {
      try (InputStream in = http.get(server.uri("http", "/b"), Map.of()).body()) {
        assertThat(in.readAllBytes()).asString().isEqualTo("ok");
      }
      assertThat(http.idleConnections()).isZero();
    }
  }

  @Test
  void get_http10WithoutLength_readsUntilTheServerCloses() throws Exception {
    try (var server = ScriptedHttpServer.start((request, out) -> {
      out.write("HTTP/1.0 200 OK\r\n\r\n".getBytes());
      out.write(blob);
      return false;
    }); var http = plain()) {
      try (InputStream in = http.get(server.uri("http", "/b"), Map.of()).body()) {
        assertThat(in.readAllBytes()).isEqualTo(blob);
      }
      assertThat(http.idleConnections()).isZero();
    }
  }

  @Test
  void get_errorStatus_isReturnedWithItsHeadersAndBody() throws Exception {
    String json = "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}";
    try (var server = ScriptedHttpServer.start((request, out) -> {
      out.write(head(404, "Content-Length: " + json.length(), "Docker-Distribution-Api-Version: registry/2.0"));
      out.write(json.getBytes());
      return true;
    }); var http = plain()) {
      Response r = http.get(server.uri("http", "/b"), Map.of());
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.header("docker-distribution-api-version")).contains("registry/2.0");
      assertThat(RegistryErrors.reason(r)).isEqualTo("blob unknown: blob unknown to registry");
    }
  }

  @Test
  void get_silentServer_timesOutAtTheReadTimeout() throws Exception {
    try (var server = ScriptedHttpServer.start((request, out) -> {
      out.write(head(200, "Content-Length: 10"));
      out.flush();
      try {
        Thread.sleep(1500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }); var http = new BlockingHttp(SSLContext.getDefault(), true, Duration.ofSeconds(5), Duration.ofMillis(300))) {
      InputStream in = http.get(server.uri("http", "/b"), Map.of()).body();
      assertThatThrownBy(in::readAllBytes).isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void get_tlsWithTheTestCa_readsTheBody() throws Exception {
    TestTls tls = TestTls.create();
    try (var server = ScriptedHttpServer.start("127.0.0.1", tls.server(), whole());
        var http = new BlockingHttp(tls.trustingClient(), true)) {
      for (int i = 0; i < 2; i++) {
        try (InputStream in = http.get(server.uri("https", "/b"), Map.of()).body()) {
          assertThat(in.readAllBytes()).isEqualTo(blob);
        }
      }
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void get_tlsServerClosedTheIdleConnection_sendsOnceMoreOnAFreshOne() throws Exception {
    TestTls tls = TestTls.create();
    try (var server = ScriptedHttpServer.start("127.0.0.1", tls.server(), (request, out) -> {
      out.write(head(200, "Content-Length: 5"));
      out.write("hello".getBytes());
      return false;
    }); var http = new BlockingHttp(tls.trustingClient(), true)) {
      for (int i = 0; i < 2; i++) {
        try (InputStream in = http.get(server.uri("https", "/b"), Map.of()).body()) {
          assertThat(in.readAllBytes()).asString().isEqualTo("hello");
        }
        Thread.sleep(50);
      }
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  @Test
  void get_tlsCertificateForAnotherHost_isRefused() throws Exception {
    // the certificate names 127.0.0.1 and localhost; the server listens on 127.0.0.2
    TestTls tls = TestTls.create();
    try (var server = ScriptedHttpServer.start("127.0.0.2", tls.server(), whole());
        var http = new BlockingHttp(tls.trustingClient(), true)) {
      assertThatThrownBy(() -> http.get(server.uri("https", "/b"), Map.of())).isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("127.0.0.2");
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test
  void get_tlsCertificateForAnotherHost_isAcceptedWhenHostNamesAreNotVerified() throws Exception {
    // what an insecure registry's client does (with a trust manager that accepts any certificate)
    TestTls tls = TestTls.create();
    try (var server = ScriptedHttpServer.start("127.0.0.2", tls.server(), whole());
        var http = new BlockingHttp(tls.trustingClient(), false)) {
      try (InputStream in = http.get(server.uri("https", "/b"), Map.of()).body()) {
        assertThat(in.readAllBytes()).isEqualTo(blob);
      }
    }
  }

  @Test
  void get_tlsWithAnUntrustedCa_isRefused() throws Exception {
    try (var server = ScriptedHttpServer.start("127.0.0.1", TestTls.create().server(), whole());
        var http = new BlockingHttp(TestTls.create().trustingClient(), true)) {
      assertThatThrownBy(() -> http.get(server.uri("https", "/b"), Map.of())).isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void get_headerWithALineBreak_isRefusedBeforeSending() throws Exception {
    try (var server = ScriptedHttpServer.start(whole()); var http = plain()) {
      assertThatThrownBy(() -> http.get(server.uri("http", "/b"), Map.of("Authorization", "Bearer x\r\nX-Evil: 1")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test
  void direct_withAProxyInTheDefaultSelector_isFalse() {
    java.net.ProxySelector before = java.net.ProxySelector.getDefault();
    try {
      java.net.ProxySelector.setDefault(java.net.ProxySelector.of(new java.net.InetSocketAddress("127.0.0.1", 3128)));
      assertThat(BlockingHttp.direct(java.net.URI.create("https://registry.example/v2/"))).isFalse();
      java.net.ProxySelector.setDefault(null);
      assertThat(BlockingHttp.direct(java.net.URI.create("https://registry.example/v2/"))).isTrue();
    } finally {
      java.net.ProxySelector.setDefault(before);
    }
  }

}
