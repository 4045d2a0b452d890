package dev.berth.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.ApiRequest;
import dev.berth.client.ApiResponse;
import dev.berth.client.DaemonClient;
import dev.berth.client.DaemonHost;
import dev.berth.client.HttpTransport;
import dev.berth.client.SshOptions;
import dev.berth.daemon.Berthd;
import dev.berth.daemon.DaemonConfig;
import dev.berth.daemon.RunningDaemon;
import dev.berth.cli.ambassador.NetnsBerthd;
import dev.berth.testing.CliRun;
import dev.berth.testing.RandomImage;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The transfer routes of issue 8's changesets ({@code /berth/...}, docs/design-changesets.md) end to end: a
 * source berthd on a local socket, a destination berthd behind a real sshd, and the client in the middle
 * speaking to the destination through the ssh bridge. The test plays the part of the future
 * {@code berth push ssh://}: it asks what is missing, sends only that, and commits last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransferOverSshIT {
  private static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();

  private Path root;
  private RunningDaemon source;
  private NetnsBerthd destination;
  private SshServer ssh;
  private Path config;

  @BeforeAll
  void start() throws Exception {
    root = Files.createTempDirectory("berth-transfer-");
    source = Berthd.start(DaemonConfig.forTest(root.resolve("source")));
    // the remote host: a berthd process in a network namespace of its own, reached only through sshd
    String tag = Long.toHexString(ProcessHandle.current().pid() % 4096);
    destination = NetnsBerthd.create("btdst" + tag, root.resolve("destination"));
    destination.start("dst" + tag, "172.26.0.0/24", "172.27.0.0/16");
    ssh = SshServer.start(root.resolve("ssh"), BERTH, destination.host);
    config = ssh.clientConfig("ssh_config", ssh.knownHosts(), ssh.userKey());
  }

  @AfterAll
  void stop() throws Exception {
    try (AutoCloseable s = source; AutoCloseable d = destination; AutoCloseable x = ssh) {
      // sshd first, then the daemons
    } finally {
      dev.berth.sys.FileTrees.delete(root);
    }
  }

  /** Imports a one-layer image of {@code bytes} random bytes on the source; returns its ID. */
  private String imported(String name, int bytes) throws Exception {
    return RandomImage.importInto(source.dockerHost(), root, name, bytes);
  }

  /** What moved, for the assertions. */
  record Sent(long bytes, String status, List<Long> offsets) {}

  /** Sends {@code name} from the source to the destination over ssh; {@code wrap} may cut the byte stream. */
  private Sent send(String name, java.util.function.UnaryOperator<InputStream> wrap) throws Exception {
    DaemonClient from = new DaemonClient(DaemonHost.parse(source.dockerHost()), new HttpTransport(), null);
    try (HttpTransport bridge = new HttpTransport(SshOptions.from(Map.of(SshOptions.COMMAND_ENV, "ssh -F " + config), null))) {
      DaemonClient to = new DaemonClient(DaemonHost.parse(ssh.uri()), bridge, null);
      JsonNode image = from.json(ApiRequest.get("/berth/images/manifest").query("name", name).build());
      List<JsonNode> blobs = new ArrayList<>();
      image.path("Blobs").forEach(blobs::add);
      blobs.add(image.path("Manifest"));
      ObjectNode ask = DaemonClient.mapper().createObjectNode();
      ArrayNode list = ask.putArray("Blobs");
      blobs.forEach(b -> list.addObject().put("Digest", b.path("Digest").asText()).put("Size", b.path("Size").asLong()));
      JsonNode missing = to.json(post("/berth/blobs/missing", ask));
      long sent = 0;
      List<Long> offsets = new ArrayList<>();
      for (JsonNode m : missing.path("Missing")) {
        String digest = m.path("Digest").asText();
        long offset = m.path("Offset").asLong();
        long size = blobs.stream().filter(b -> b.path("Digest").asText().equals(digest)).findFirst().orElseThrow().path("Size").asLong();
        offsets.add(offset);
        try (ApiResponse bytes = from.call(ApiRequest.get("/berth/blobs/" + digest).query("offset", offset).build())) {
          to.json(ApiRequest.put("/berth/blobs/" + digest).query("offset", offset).query("size", size)
              .body(wrap.apply(bytes.body()), "application/octet-stream").build());
        }
        sent += size - offset;
      }
      ObjectNode commit = DaemonClient.mapper().createObjectNode().put("Manifest", image.path("Manifest").path("Digest").asText())
          .put("MediaType", image.path("Manifest").path("MediaType").asText());
      commit.putArray("Tags").add(name);
      return new Sent(sent, to.json(post("/berth/images/commit", commit)).path("Status").asText(), offsets);
    }
  }

  private static ApiRequest post(String path, JsonNode body) throws IOException {
    return ApiRequest.post(path).body(new ByteArrayInputStream(DaemonClient.mapper().writeValueAsBytes(body)), "application/json").build();
  }

  private String destinationId(String name) {
    CliRun r = CliRun.run(destination.host, "image", "inspect", "--format", "{{.Id}}", name);
    return r.status() == 0 ? r.out().strip() : "absent: " + r.err().strip();
  }

  @Test
  void send_twice_firstSendsTheImageSecondSendsNothingAndIsUpToDate() throws Exception {
    String id = imported("app:1", 300_000);
    Sent first = send("app:1", in -> in);
    assertThat(first.bytes()).isGreaterThan(300_000);
    assertThat(first.status()).isEqualTo("committed");
    assertThat(destinationId("app:1")).isEqualTo(id);
    Sent second = send("app:1", in -> in);
    assertThat(second.bytes()).isZero();
    assertThat(second.status()).isEqualTo("up to date");
  }

  @Test
  void send_sshKilledMidLayer_noTagThenTheRerunSendsOnlyTheRest() throws Exception {
    String id = imported("big:1", 4_000_000);
    long killAfter = 1_500_000;
    try {
      send("big:1", in -> new FilterInputStream(in) {
        private long passed;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (passed > killAfter) {
            // the connection dies: every ssh this test process runs is killed, as a dropped link would
            ProcessHandle.current().children().filter(c -> c.info().command().orElse("").endsWith("ssh")).forEach(ProcessHandle::destroyForcibly);
            try {
              Thread.sleep(500);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          int n = super.read(b, off, len);
          if (n > 0) passed += n;
          return n;
        }
      });
      throw new AssertionError("the send should have failed when ssh died");
    } catch (IOException | RuntimeException e) {
      // expected: the bridge died mid-layer
    }
    assertThat(destinationId("big:1")).startsWith("absent");
    Sent rerun = send("big:1", in -> in);
    assertThat(rerun.status()).isEqualTo("committed");
    assertThat(rerun.offsets()).anyMatch(o -> o > 0);
    assertThat(rerun.bytes()).isLessThan(4_000_000);
    assertThat(destinationId("big:1")).isEqualTo(id);
  }
}
