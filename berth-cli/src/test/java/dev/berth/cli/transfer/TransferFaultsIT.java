package dev.berth.cli.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.ApiRequest;
import dev.berth.client.ApiResponse;
import dev.berth.client.DaemonClient;
import dev.berth.client.DaemonException;
import dev.berth.client.DaemonHost;
import dev.berth.client.HttpTransport;
import dev.berth.daemon.Berthd;
import dev.berth.daemon.DaemonConfig;
import dev.berth.daemon.RunningDaemon;
import dev.berth.testing.CliRun;
import dev.berth.testing.RandomImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The receiving end of image transfer (the {@code /berth/} routes, docs/design-changesets.md) under the faults of
 * many senders and slow ones, through the API of real berthd processes: two PUTs of one blob at once, a prune
 * between a sender's uploads and its commit, and a sender that never comes back. A source berthd holds the
 * images; the blobs are read from it and written to the destinations as {@code berth push ssh://} does, minus
 * ssh (which {@code DeployOverSshIT} covers).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransferFaultsIT {
  private Path root;
  private RunningDaemon source;
  private RunningDaemon destination;
  /** A destination whose abandoned uploads expire after two seconds. */
  private RunningDaemon forgetful;

  @BeforeAll
  void start() throws Exception {
    root = Files.createTempDirectory("berth-xfer-faults-");
    source = Berthd.start(DaemonConfig.forTest(root.resolve("source")));
    destination = Berthd.start(DaemonConfig.forTest(root.resolve("destination")));
    forgetful = Berthd.start(DaemonConfig.forTest(root.resolve("forgetful")).withUploadExpiry(Duration.ofSeconds(2)));
  }

  @AfterAll
  void stop() throws Exception {
    try (AutoCloseable s = source; AutoCloseable d = destination; AutoCloseable f = forgetful) {
      // all three close
    } finally {
      dev.berth.sys.FileTrees.delete(root);
    }
  }

  private static DaemonClient client(RunningDaemon daemon) {
    return new DaemonClient(DaemonHost.parse(daemon.dockerHost()), new HttpTransport(), null);
  }

  /** Imports a one-layer image of {@code bytes} random bytes on the source; returns what the source describes. */
  private JsonNode imported(String name, int bytes) throws Exception {
    RandomImage.importInto(source.dockerHost(), root, name, bytes);
    return client(source).json(ApiRequest.get("/berth/images/manifest").query("name", name).build());
  }

  /** Config, layers, then the manifest. */
  private static List<JsonNode> blobs(JsonNode image) {
    List<JsonNode> blobs = new ArrayList<>();
    image.path("Blobs").forEach(blobs::add);
    blobs.add(image.path("Manifest"));
    return blobs;
  }

  private byte[] blob(JsonNode descriptor) throws IOException {
    try (ApiResponse r = client(source).call(ApiRequest.get("/berth/blobs/" + descriptor.path("Digest").asText()).build())) {
      return r.bytes();
    }
  }

  /** PUT of {@code body} as the blob's bytes from {@code offset}; answers the status. */
  private static int put(DaemonClient to, JsonNode descriptor, long offset, InputStream body) throws IOException {
    try (ApiResponse r = to.call(ApiRequest.put("/berth/blobs/" + descriptor.path("Digest").asText()).query("offset", offset)
        .query("size", descriptor.path("Size").asLong()).body(body, "application/octet-stream").build())) {
      r.bytes();
      return r.status();
    } catch (DaemonException e) {
      return e.status();
    }
  }

  private static JsonNode post(DaemonClient to, String path, JsonNode body) throws IOException {
    return to.json(ApiRequest.post(path).body(new ByteArrayInputStream(DaemonClient.mapper().writeValueAsBytes(body)), "application/json").build());
  }

  private static JsonNode missing(DaemonClient to, List<JsonNode> blobs) throws IOException {
    ObjectNode ask = DaemonClient.mapper().createObjectNode();
    var list = ask.putArray("Blobs");
    blobs.forEach(b -> list.addObject().put("Digest", b.path("Digest").asText()).put("Size", b.path("Size").asLong()));
    return post(to, "/berth/blobs/missing", ask).path("Missing");
  }

  private static JsonNode commit(DaemonClient to, JsonNode image, String tag) throws IOException {
    ObjectNode commit = DaemonClient.mapper().createObjectNode().put("Manifest", image.path("Manifest").path("Digest").asText())
        .put("MediaType", image.path("Manifest").path("MediaType").asText());
    commit.putArray("Tags").add(tag);
    return post(to, "/berth/images/commit", commit);
  }

  /** The first {@code pause} bytes of {@code bytes}, then a wait for {@code go}, then the rest. */
  private static InputStream pausing(byte[] bytes, int pause, CountDownLatch paused, CountDownLatch go) {
    return new InputStream() {
      private int next;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (next == pause && paused.getCount() > 0) {
          paused.countDown();
          try {
            go.await();
          } catch (InterruptedException e) {
            throw new java.io.InterruptedIOException();
          }
        }
        if (next >= bytes.length) return -1;
        int n = Math.min(len, (next < pause ? pause : bytes.length) - next);
        System.arraycopy(bytes, next, b, off, n);
        next += n;
        return n;
      }
    };
  }

  @Test
  void put_twoSendersOfOneBlobAtOnce_theSecondWaitsForTheFirstAndNeitherGetsA416() throws Exception {
    JsonNode image = imported("twice:1", 3_000_000);
    JsonNode layer = blobs(image).get(1);
    byte[] bytes = blob(layer);
    DaemonClient to = client(destination);
    CountDownLatch paused = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      var first = CompletableFuture.supplyAsync(() -> status(() -> put(to, layer, 0, pausing(bytes, bytes.length / 2, paused, go))), threads);
      assertThat(paused.await(30, TimeUnit.SECONDS)).isTrue();
      var second = CompletableFuture.supplyAsync(() -> status(() -> put(client(destination), layer, 0, new ByteArrayInputStream(bytes))), threads);
      Thread.sleep(1500);
      assertThat(second).as("the second PUT waits while the first holds the blob").isNotDone();
      go.countDown();
      assertThat(first.get(60, TimeUnit.SECONDS)).isEqualTo(201);
      assertThat(second.get(60, TimeUnit.SECONDS)).as("the second learns the blob is there").isEqualTo(200);
    }
    assertThat(missing(to, List.of(layer))).isEmpty();
  }

  @FunctionalInterface
  private interface Call {
    int run() throws IOException;
  }

  private static int status(Call call) {
    try {
      return call.run();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void commit_afterAPruneBetweenTheUploadsAndTheCommit_findsEveryBlobAndRegistersTheImage() throws Exception {
    JsonNode image = imported("leased:1", 500_000);
    DaemonClient to = client(destination);
    List<JsonNode> blobs = blobs(image);
    assertThat(missing(to, blobs)).hasSize(blobs.size());
    for (JsonNode b : blobs) assertThat(put(to, b, 0, new ByteArrayInputStream(blob(b)))).isEqualTo(201);

    CliRun prune = CliRun.run(destination.dockerHost(), "image", "prune", "-a", "-f");
    assertThat(prune.status()).as(prune.err()).isZero();
    CliRun gc = CliRun.run(destination.dockerHost(), "system", "prune", "-a", "-f");
    assertThat(gc.status()).as(gc.err()).isZero();

    assertThat(missing(to, blobs)).as("the leased blobs survived the prunes").isEmpty();
    assertThat(commit(to, image, "leased:1").path("Status").asText()).isEqualTo("committed");
    CliRun inspect = CliRun.run(destination.dockerHost(), "image", "inspect", "--format", "{{.Id}}", "leased:1");
    assertThat(inspect.out().strip()).isEqualTo(image.path("Id").asText());
  }

  @Test
  void upload_abandonedBySender_isRemovedAfterTheExpiryAndTheBlobStartsOver() throws Exception {
    JsonNode image = imported("abandoned:1", 1_000_000);
    JsonNode layer = blobs(image).get(1);
    byte[] bytes = blob(layer);
    DaemonClient to = client(forgetful);
    assertThat(put(to, layer, 0, new ByteArrayInputStream(bytes, 0, 300_000))).isEqualTo(202);
    assertThat(missing(to, List.of(layer)).get(0).path("Offset").asLong()).isEqualTo(300_000);
    Path upload = root.resolve("forgetful/data/content/uploads/sha256-" + layer.path("Digest").asText().substring(7));
    assertThat(upload).exists();

    Path leases = root.resolve("forgetful/data/content/uploads/leases");
    assertThat(leases).isNotEmptyDirectory();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while ((Files.exists(upload) || !isEmpty(leases)) && System.nanoTime() < deadline) Thread.sleep(200);
    assertThat(upload).as("swept after the 2 s expiry").doesNotExist();
    assertThat(leases).as("the lease lapsed too").isEmptyDirectory();
    assertThat(missing(to, List.of(layer)).get(0).path("Offset").asLong()).isZero();
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.findAny().isEmpty();
    }
  }
}
