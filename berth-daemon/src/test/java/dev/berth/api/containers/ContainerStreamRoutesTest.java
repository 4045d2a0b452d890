package dev.berth.api.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.ApiTestServer;
import dev.berth.api.UnixHttp;
import dev.berth.oci.Json;
import dev.berth.runtime.monitor.LogStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Attach, logs and wait through a real socket: framing, hijack, stdin, headers before the body. */
@Timeout(30)
class ContainerStreamRoutesTest {
  @TempDir Path tmp;
  private ApiTestServer api;

  @BeforeEach
  void start() throws Exception {
    api = new ApiTestServer(tmp);
    api.images.add("busybox:latest", "2024-01-02T03:04:05Z", Map.of(), "bb".getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private UnixHttp.Response post(String uri, String body) throws Exception {
    return UnixHttp.send(api.socket, "POST", uri, Map.of("Content-Type", "application/json"),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  private void create(String name, String body) throws Exception {
    UnixHttp.Response r = post("/v1.47/containers/create?name=" + name, body);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
  }

  /** One decoded frame of a multiplexed stream. */
  record Frame(int stream, String text) {}

  static List<Frame> frames(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    List<Frame> out = new ArrayList<>();
    byte[] header = new byte[8];
    while (true) {
      int n = data.readNBytes(header, 0, 8);
      if (n == 0) return out;
      assertThat(n).isEqualTo(8);
      assertThat(header[1] | header[2] | header[3]).isZero();
      int len = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
      out.add(new Frame(header[0], new String(data.readNBytes(len), StandardCharsets.UTF_8)));
    }
  }

  static Frame frame(InputStream in) throws IOException {
    byte[] header = in.readNBytes(8);
    int len = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
    return new Frame(header[0], new String(in.readNBytes(len), StandardCharsets.UTF_8));
  }

  @Test
  void wait_beforeStart_sendsHeadersAtOnceAndTheBodyAtExit() throws Exception {
    create("w1", "{\"Image\":\"busybox\",\"Cmd\":[\"exit\",\"3\"]}");
    try (UnixHttp.Conn c = UnixHttp.Conn.open(api.socket)) {
      c.writeRequest("POST", "/v1.47/containers/w1/wait?condition=next-exit", Map.of(), null, false);
      UnixHttp.Response head = c.readHead();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("content-type")).isEqualTo("application/json");
      assertThat(post("/containers/w1/start", null).status()).isEqualTo(204);
      JsonNode body = Json.MAPPER.readTree(c.nextChunk());
      assertThat(body.get("StatusCode").asInt()).isEqualTo(3);
      assertThat(body.has("Error")).isTrue();
      assertThat(body.get("Error").isNull()).isTrue();
    }
  }

  @Test
  void wait_removedWithAutoRemove_endsWhenTheContainerIsGone() throws Exception {
    create("w2", "{\"Image\":\"busybox\",\"Cmd\":[\"exit\",\"0\"],\"HostConfig\":{\"AutoRemove\":true}}");
    try (UnixHttp.Conn c = UnixHttp.Conn.open(api.socket)) {
      c.writeRequest("POST", "/v1.47/containers/w2/wait?condition=removed", Map.of(), null, false);
      assertThat(c.readHead().status()).isEqualTo(200);
      post("/containers/w2/start", null);
      assertThat(Json.MAPPER.readTree(c.nextChunk()).get("StatusCode").asInt()).isZero();
    }
    assertThat(UnixHttp.get(api.socket, "/containers/w2/json").status()).isEqualTo(404);
  }

  @Test
  void wait_errors_areHttpErrors() throws Exception {
    assertThat(post("/containers/nope/wait", null).status()).isEqualTo(404);
    create("w3", "{\"Image\":\"busybox\",\"Cmd\":[\"exit\",\"0\"]}");
    assertThat(post("/containers/w3/wait?condition=sometime", null).status()).isEqualTo(400);
    UnixHttp.Response exited = post("/containers/w3/wait", null);
    assertThat(Json.MAPPER.readTree(exited.body()).get("StatusCode").asInt()).isZero();
  }

  @Test
  void attach_hijackedBeforeStart_getsMultiplexedStdoutAndStderr() throws Exception {
    create("a1", "{\"Image\":\"busybox\",\"Cmd\":[\"warn\",\"oops\"]}");
    api.containers.putFile("a1", "/unused", new byte[0]);
    try (UnixHttp.Conn c = UnixHttp.Conn.open(api.socket)) {
      c.writeRequest("POST", "/v1.47/containers/a1/attach?stream=1&stdout=1&stderr=1",
          Map.of("Connection", "Upgrade", "Upgrade", "tcp"), null, false);
      UnixHttp.Response head = c.readHead();
      assertThat(head.status()).isEqualTo(101);
      assertThat(head.header("content-type")).isEqualTo(StdioStreams.MULTIPLEXED);
      assertThat(head.header("upgrade")).isEqualTo("tcp");
      post("/containers/a1/start", null);
      assertThat(frames(c.in)).containsExactly(new Frame(2, "oops\n"));
    }
  }

  @Test
  void attach_hijackedWithStdin_echoesAndHalfCloseEndsStdin() throws Exception {
    create("cat1", "{\"Image\":\"busybox\",\"Cmd\":[\"cat\"],\"OpenStdin\":true}");
    try (UnixHttp.Conn c = UnixHttp.Conn.open(api.socket)) {
      c.writeRequest("POST", "/v1.41/containers/cat1/attach?stream=1&stdin=1&stdout=1&stderr=1",
          Map.of("Connection", "Upgrade", "Upgrade", "tcp"), null, false);
      UnixHttp.Response head = c.readHead();
      assertThat(head.status()).isEqualTo(101);
      assertThat(head.header("content-type")).isEqualTo(StdioStreams.RAW);
      post("/containers/cat1/start", null);
      c.out.write("hello\n".getBytes(StandardCharsets.UTF_8));
      c.out.flush();
      assertThat(frame(c.in)).isEqualTo(new Frame(1, "hello\n"));
      c.channel.shutdownOutput();
      assertThat(frames(c.in)).isEmpty();
    }
    JsonNode state = Json.MAPPER.readTree(UnixHttp.get(api.socket, "/containers/cat1/json").body()).get("State");
    assertThat(state.get("Status").asText()).isEqualTo("exited");
  }

  @Test
  void attach_detachKeys_leaveTheProcessRunning() throws Exception {
    create("cat2", "{\"Image\":\"busybox\",\"Cmd\":[\"cat\"],\"OpenStdin\":true}");
    post("/containers/cat2/start", null);
    try (UnixHttp.Conn c = UnixHttp.Conn.open(api.socket)) {
      c.writeRequest("POST", "/v1.47/containers/cat2/attach?stream=1&stdin=1&stdout=1&detachKeys=ctrl-x",
          Map.of("Connection", "Upgrade", "Upgrade", "tcp"), null, false);
      assertThat(c.readHead().status()).isEqualTo(101);
      c.out.write(new byte[] {'a', 24});
      c.out.flush();
      assertThat(frames(c.in)).containsExactly(new Frame(1, "a"));
    }
    JsonNode state = Json.MAPPER.readTree(UnixHttp.get(api.socket, "/containers/cat2/json").body()).get("State");
    assertThat(state.get("Status").asText()).isEqualTo("running");
    assertThat(post("/containers/cat2/attach?stream=1&stdin=1&detachKeys=ctrl-" + "%C3%A9", null).status()).isEqualTo(400);
  }

  @Test
  void attach_plainStreamClientLeavesWhileSilent_closesTheAttachment() throws Exception {
    create("quiet", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"9\"]}");
    post("/containers/quiet/start", null);
    try (UnixHttp.Conn c = UnixHttp.Conn.open(api.socket)) {
      c.writeRequest("POST", "/v1.47/containers/quiet/attach?stream=1&stdout=1", Map.of(), null, false);
      assertThat(c.readHead().status()).isEqualTo(200);
    }
    var attachment = api.containers.attachments.getLast();
    long deadline = System.currentTimeMillis() + 5000;
    while (!attachment.closed() && System.currentTimeMillis() < deadline) Thread.sleep(20);
    assertThat(attachment.closed()).isTrue();
    JsonNode state = Json.MAPPER.readTree(UnixHttp.get(api.socket, "/containers/quiet/json").body()).get("State");
    assertThat(state.get("Status").asText()).isEqualTo("running");
  }

  @Test
  void attach_withoutUpgrade_isA200StreamAndTtyIsRaw() throws Exception {
    create("tty1", "{\"Image\":\"busybox\",\"Cmd\":[\"warn\",\"both\"],\"Tty\":true}");
    try (UnixHttp.Conn c = UnixHttp.Conn.open(api.socket)) {
      c.writeRequest("POST", "/v1.47/containers/tty1/attach?stream=1&stdout=1&stderr=1", Map.of(), null, false);
      UnixHttp.Response head = c.readHead();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("content-type")).isEqualTo(StdioStreams.RAW);
      post("/containers/tty1/start", null);
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (byte[] chunk = c.nextChunk(); chunk != null; chunk = c.nextChunk()) all.write(chunk);
      assertThat(all.toString(StandardCharsets.UTF_8)).isEqualTo("both\n");
    }
  }

  @Test
  void attach_unknownContainer_is404BeforeAnyUpgrade() throws Exception {
    UnixHttp.Response r = UnixHttp.send(api.socket, "POST", "/v1.47/containers/ghost/attach?stream=1&stdout=1",
        Map.of("Connection", "Upgrade", "Upgrade", "tcp"), null);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.text()).contains("No such container: ghost");
  }

  @Test
  void logs_multiplexedWithTimestampsTailAndStreams() throws Exception {
    create("l1", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"9\"]}");
    Instant t0 = Instant.parse("2026-11-28T08:00:00.5Z");
    api.containers.addLog("l1", LogStream.STDOUT, t0, "one");
    api.containers.addLog("l1", LogStream.STDERR, t0.plusSeconds(1), "two");
    api.containers.addLog("l1", LogStream.STDOUT, t0.plusSeconds(2), "three");
    UnixHttp.Response all = UnixHttp.get(api.socket, "/v1.47/containers/l1/logs?stdout=1&stderr=1");
    assertThat(all.header("content-type")).isEqualTo(StdioStreams.MULTIPLEXED);
    assertThat(frames(new java.io.ByteArrayInputStream(all.body())))
        .containsExactly(new Frame(1, "one\n"), new Frame(2, "two\n"), new Frame(1, "three\n"));
    UnixHttp.Response stamped = UnixHttp.get(api.socket, "/v1.47/containers/l1/logs?stdout=1&timestamps=1&tail=1");
    assertThat(frames(new java.io.ByteArrayInputStream(stamped.body())))
        .containsExactly(new Frame(1, "2026-11-28T08:00:02.500000000Z three\n"));
    UnixHttp.Response since = UnixHttp.get(api.socket, "/v1.47/containers/l1/logs?stdout=1&stderr=1&since=1795852801&until=1795852801.9");
    assertThat(frames(new java.io.ByteArrayInputStream(since.body()))).containsExactly(new Frame(2, "two\n"));
    UnixHttp.Response none = UnixHttp.get(api.socket, "/v1.47/containers/l1/logs");
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.text()).contains("at least one stream");
    assertThat(UnixHttp.get(api.socket, "/v1.47/containers/l1/logs?stdout=1&tail=some").status()).isEqualTo(400);
  }

  @Test
  void logs_follow_streamsUntilTheContainerExits() throws Exception {
    create("l2", "{\"Image\":\"busybox\",\"Cmd\":[\"cat\"]}");
    post("/containers/l2/start", null);
    try (UnixHttp.Conn c = UnixHttp.Conn.open(api.socket)) {
      c.writeRequest("GET", "/v1.47/containers/l2/logs?stdout=1&follow=1", Map.of(), null, false);
      assertThat(c.readHead().status()).isEqualTo(200);
      api.containers.addLog("l2", LogStream.STDOUT, Instant.now(), "later");
      assertThat(frame(new java.io.ByteArrayInputStream(c.nextChunk()))).isEqualTo(new Frame(1, "later\n"));
      post("/containers/l2/kill", null);
      assertThat(c.nextChunk()).isNull();
    }
  }
}
