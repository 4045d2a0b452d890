package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.errors.ConflictException;
import dev.berth.oci.Digest;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport through a real unix socket: routing, errors, streaming both ways, concurrency, hijack. */
class ApiServerTest {
  @TempDir Path tmp;
  private Path socket;
  private ApiServer server;
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch slowStarted = new CountDownLatch(1);

  @BeforeEach
  void start() throws Exception {
    Router router = Router.builder()
        .get("/hello", ex -> ex.text(200, "hi " + ex.request().version()))
        .post("/digest", ex -> ex.text(200, digest(ex.request().body())))
        .post("/first10", ex -> ex.text(200, new String(ex.request().body().readNBytes(10), StandardCharsets.UTF_8)))
        .post("/stall", ex -> {
          slowStarted.countDown();
          release.await(30, TimeUnit.SECONDS);
          ex.text(200, digest(ex.request().body()));
        })
        .get("/block", ex -> {
          slowStarted.countDown();
          release.await(30, TimeUnit.SECONDS);
          ex.text(200, "released");
        })
        .get("/conflict", ex -> {
          throw new ConflictException("remove image x: in use");
        })
        .get("/stream-then-fail", ex -> {
          ex.stream(200, "application/json");
          throw new dev.berth.errors.InvalidArgumentException("load: not a tar archive");
        })
        .post("/reject", ex -> {
          ex.request().body().readNBytes(512);
          throw new dev.berth.errors.InvalidArgumentException("load: archive is not a valid tar");
        })
        .get("/bug", ex -> {
          throw new IllegalStateException("a bug");
        })
        .get("/stream", ex -> {
          try (OutputStream out = ex.stream(200, "application/json")) {
            for (int i = 0; i < 3; i++) {
              out.write(("{\"n\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
              out.flush();
            }
          }
        })
        .post("/echo-upper", ex -> {
          try (Exchange.RawConnection raw = ex.hijack("application/vnd.docker.raw-stream")) {
            byte[] buf = new byte[5];
            int n = raw.in().readNBytes(buf, 0, 5);
            raw.out().write(new String(buf, 0, n, StandardCharsets.UTF_8).toUpperCase().getBytes(StandardCharsets.UTF_8));
            raw.out().flush();
            raw.closeWrite();
          }
        })
        .get("/images/{name}/json", ex -> ex.text(200, ex.request().pathParam("name")))
        .build();
    server = new ApiServer(router, false);
    socket = tmp.resolve("api.sock");
    server.listen(socket);
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.close();
  }

  private static String digest(InputStream in) throws Exception {
    MessageDigest md = Digest.newSha256();
    byte[] buf = new byte[8192];
    long total = 0;
    for (int n; (n = in.read(buf)) > 0; ) {
      md.update(buf, 0, n);
      total += n;
    }
    return total + ":" + HexFormat.of().formatHex(md.digest());
  }

  @Test
  void get_versionedAndUnversionedPaths_routeToTheSameHandler() throws Exception {
    assertThat(UnixHttp.get(socket, "/v1.30/hello").text()).isEqualTo("hi 1.30");
    assertThat(UnixHttp.get(socket, "/hello").text()).isEqualTo("hi 1.47");
  }

  @Test
  void get_tooNewVersion_answers400WithDockersMessage() throws Exception {
    UnixHttp.Response r = UnixHttp.get(socket, "/v1.50/hello");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).contains("client version 1.50 is too new. Maximum supported API version is 1.47");
    assertThat(r.header("content-type")).isEqualTo("application/json");
  }

  @Test
  void get_unknownPath_answers404PageNotFound() throws Exception {
    UnixHttp.Response r = UnixHttp.get(socket, "/v1.47/nope");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.text()).isEqualTo("{\"message\":\"page not found\"}");
  }

  @Test
  void get_handlerThrowsEngineOrUnexpectedError_answersMappedStatus() throws Exception {
    UnixHttp.Response conflict = UnixHttp.get(socket, "/conflict");
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.text()).isEqualTo("{\"message\":\"remove image x: in use\"}");
    UnixHttp.Response bug = UnixHttp.get(socket, "/bug");
    assertThat(bug.status()).isEqualTo(500);
    assertThat(bug.text()).contains("a bug");
  }

  @Test
  void get_errorBeforeStreamedOutput_answersTheErrorStatus() throws Exception {
    UnixHttp.Response r = UnixHttp.get(socket, "/stream-then-fail");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).isEqualTo("{\"message\":\"load: not a tar archive\"}");
  }

  @Test
  void get_anyAnswer_carriesApiVersionAndServerHeaders() throws Exception {
    UnixHttp.Response r = UnixHttp.get(socket, "/hello");
    assertThat(r.header("api-version")).isEqualTo("1.47");
    assertThat(r.header("ostype")).isEqualTo("linux");
    assertThat(r.header("server")).startsWith("Berth/");
  }

  @Test
  void get_nameWithSlashesAndPort_isOnePathVariable() throws Exception {
    assertThat(UnixHttp.get(socket, "/v1.47/images/localhost:5000/a/b:tag/json").text()).isEqualTo("localhost:5000/a/b:tag");
  }

  @Test
  void post_largeBody_arrivesWholeThroughTheStream() throws Exception {
    byte[] body = new byte[20 << 20];
    new Random(7).nextBytes(body);
    MessageDigest md = Digest.newSha256();
    String expected = body.length + ":" + HexFormat.of().formatHex(md.digest(body));
    assertThat(UnixHttp.send(socket, "POST", "/digest", Map.of(), body).text()).isEqualTo(expected);
  }

  @Test
  void post_handlerAnswersBeforeBodyEnds_clientGetsAnswerWhileStillSending() throws Exception {
    try (UnixHttp.Conn c = UnixHttp.Conn.open(socket)) {
      c.out.write("POST /first10 HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n0123456789abc".getBytes(StandardCharsets.UTF_8));
      c.out.flush();
      UnixHttp.Response r = c.readResponse(false);
      assertThat(r.text()).isEqualTo("0123456789");
    }
  }

  @Test
  void post_handlerFailsEarlyOnLargeBody_clientSendsAllThenReads400AndKeepsTheConnection() throws Exception {
    byte[] garbage = new byte[32 << 20];
    new Random(3).nextBytes(garbage);
    try (UnixHttp.Conn c = UnixHttp.Conn.open(socket)) {
      c.writeRequest("POST", "/reject", Map.of("Content-Type", "application/x-tar"), garbage, false); // EPIPE if the server closed early

      UnixHttp.Response r = c.readResponse(false);
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.text()).isEqualTo("{\"message\":\"load: archive is not a valid tar\"}");
      c.writeRequest("GET", "/hello", Map.of(), null, false);
      assertThat(c.readResponse(false).text()).isEqualTo("hi 1.47");
    }
  }

  @Test
  void post_handlerFailsEarlyOnChunkedBody_clientSendsAllThenReads400AndKeepsTheConnection() throws Exception {
    byte[] chunk = new byte[64 << 10];
    new Random(5).nextBytes(chunk);
    try (UnixHttp.Conn c = UnixHttp.Conn.open(socket)) {
      c.out.write("POST /v1.47/reject HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < 512; i++) { // 32 MiB, as the docker CLI sends a file: chunked
        c.out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.UTF_8));
        c.out.write(chunk);
        c.out.write("\r\n".getBytes(StandardCharsets.UTF_8));
      }
      c.out.write("0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      c.out.flush();

      UnixHttp.Response r = c.readResponse(false);
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.text()).contains("load: archive is not a valid tar");
      c.writeRequest("GET", "/hello", Map.of(), null, false);
      assertThat(c.readResponse(false).text()).isEqualTo("hi 1.47");
    }
  }

  @Test
  void post_handlerNotReading_clientIsSlowedDownInsteadOfBuffered() throws Exception {
    try (UnixHttp.Conn c = UnixHttp.Conn.open(socket)) {
      int total = 64 << 20;
      c.out.write(("POST /stall HTTP/1.1\r\nHost: x\r\nContent-Length: " + total + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
      c.channel.configureBlocking(false);
      ByteBuffer chunk = ByteBuffer.allocate(64 << 10);
      long written = 0;
      long idleSince = System.nanoTime();
      while (System.nanoTime() - idleSince < TimeUnit.MILLISECONDS.toNanos(500) && written < total) {
        chunk.clear();
        int n = c.channel.write(chunk);
        if (n > 0) {
          written += n;
          idleSince = System.nanoTime();
        } else {
          Thread.sleep(10);
        }
      }
      assertThat(written).as("bytes accepted while the handler reads nothing").isLessThan(16L << 20);
      release.countDown();
      ByteBuffer zeros = ByteBuffer.allocate(64 << 10);
      while (written < total) {
        zeros.clear();
        zeros.limit((int) Math.min(zeros.capacity(), total - written));
        written += c.channel.write(zeros);
      }
      c.channel.configureBlocking(true);
      UnixHttp.Response r = c.readResponse(false);
      assertThat(r.text()).startsWith(total + ":");
    }
  }

  @Test
  void get_slowHandlerInFlight_otherConnectionsAreServed() throws Exception {
    try (UnixHttp.Conn slow = UnixHttp.Conn.open(socket)) {
      slow.writeRequest("GET", "/block", Map.of(), null, true);
      assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(UnixHttp.get(socket, "/hello").status()).isEqualTo(200);
      assertThat(UnixHttp.get(socket, "/hello").status()).isEqualTo(200);
      release.countDown();
      assertThat(slow.readResponse(false).text()).isEqualTo("released");
    }
  }

  @Test
  void get_keepAlive_servesSeveralRequestsOnOneConnection() throws Exception {
    try (UnixHttp.Conn c = UnixHttp.Conn.open(socket)) {
      for (int i = 0; i < 3; i++) {
        c.writeRequest("GET", "/hello", Map.of(), null, false);
        assertThat(c.readResponse(false).text()).isEqualTo("hi 1.47");
      }
    }
  }

  @Test
  void post_pipelinedRequestsWithBodies_areAnsweredInOrder() throws Exception {
    try (UnixHttp.Conn c = UnixHttp.Conn.open(socket)) {
      String two = "POST /digest HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
          + "POST /first10 HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n0123456789xy"
          + "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";
      c.out.write(two.getBytes(StandardCharsets.UTF_8));
      c.out.flush();
      assertThat(c.readResponse(false).text()).startsWith("3:ba7816bf");
      assertThat(c.readResponse(false).text()).isEqualTo("0123456789");
      assertThat(c.readResponse(false).text()).isEqualTo("hi 1.47");
    }
  }

  @Test
  void get_streamedAnswer_isChunkedAndComplete() throws Exception {
    UnixHttp.Response r = UnixHttp.get(socket, "/stream");
    assertThat(r.header("transfer-encoding")).isEqualTo("chunked");
    assertThat(r.text()).isEqualTo("{\"n\":0}\n{\"n\":1}\n{\"n\":2}\n");
  }

  @Test
  void post_upgrade_answers101ThenCarriesRawBytes() throws Exception {
    try (UnixHttp.Conn c = UnixHttp.Conn.open(socket)) {
      c.writeRequest("POST", "/echo-upper", Map.of("Connection", "Upgrade", "Upgrade", "tcp"), null, false);
      UnixHttp.Response head = c.readHead();
      assertThat(head.status()).isEqualTo(101);
      assertThat(head.header("upgrade")).isEqualTo("tcp");
      assertThat(head.header("content-type")).isEqualTo("application/vnd.docker.raw-stream");
      c.out.write("hello".getBytes(StandardCharsets.UTF_8));
      c.out.flush();
      assertThat(new String(c.in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("HELLO");
    }
  }

  @Test
  void close_serverStopped_socketNoLongerAnswers() throws Exception {
    server.close();
    assertThat(Files.exists(socket) && canConnect(socket)).isFalse();
  }

  private static boolean canConnect(Path p) {
    try (UnixHttp.Conn c = UnixHttp.Conn.open(p)) {
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
