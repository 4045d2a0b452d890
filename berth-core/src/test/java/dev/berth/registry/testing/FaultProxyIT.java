package dev.berth.registry.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fault proxy forwards a whole push and pull, and each kind of fault happens when and only where it is told. */
class FaultProxyIT {
  private static TestRegistry registry;
  private static TestImages.Image image;
  private static String blob;
  private static byte[] blobBytes;

  @TempDir static Path layout;
  @TempDir Path work;

  @BeforeAll
  static void pushAnImage() throws IOException {
    registry = TestRegistry.start();
    image = TestImages.ociLayout(layout, TestImages.Layer.random(100_000));
    Skopeo.of(registry).push(image, "faults/app:v1");
    blob = image.layers().getFirst().blob().digest();
    blobBytes = Files.readAllBytes(image.blobPath(blob));
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  @Test
  void noRules_skopeoPushAndPullThroughTheProxy_sameDigestAndUploadsStayOnTheProxy() {
    TestImages.Image other = TestImages.ociLayout(work.resolve("in"), TestImages.Layer.random(70_000));
    try (FaultProxy proxy = FaultProxy.start(registry)) {
      Skopeo skopeo = Skopeo.ofPlainHttp(proxy.host());

      String pushed = skopeo.push(other, "through/proxy:v1");
      String pulled = skopeo.pull("through/proxy:v1", work.resolve("out"), "v1");

      assertThat(pushed).isEqualTo(other.manifest().digest()).isEqualTo(pulled);
      assertThat(proxy.forwarded()).extracting(FaultProxy.Forwarded::method).contains("POST", "PUT", "GET");
      assertThat(proxy.forwarded()).allSatisfy(exchange -> assertThat(exchange.status()).isLessThan(500));
      assertThat(proxy.forwarded()).filteredOn(exchange -> exchange.method().equals("PUT"))
          .isNotEmpty().allSatisfy(exchange -> assertThat(exchange.status()).isEqualTo(201));
    }
  }

  @Test
  void httpsProbe_toThePlainProxy_failsAtOnceLikeDockerRegistry() {
    try (FaultProxy proxy = FaultProxy.start(registry)) {
      HttpRequest probe = HttpRequest.newBuilder(URI.create("https://" + proxy.host() + "/v2/"))
          .timeout(Duration.ofSeconds(30)).build();

      long start = System.nanoTime();
      assertThatThrownBy(() -> client().send(probe, HttpResponse.BodyHandlers.discarding()))
          .isInstanceOf(IOException.class);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isLessThan(Duration.ofSeconds(5));
      assertThat(proxy.forwarded()).isEmpty();
    }
  }

  @Test
  void respond_secondBlobGet_only503ThenForwardsAgain() throws Exception {
    try (FaultProxy proxy = FaultProxy.start(registry)) {
      FaultRule rule = proxy.on("GET", "/v2/faults/app/blobs/sha256:.*").nth(2).respond(503);

      int first = getBlob(proxy).statusCode();
      HttpResponse<byte[]> second = getBlob(proxy);
      HttpResponse<byte[]> third = getBlob(proxy);

      assertThat(first).isEqualTo(200);
      assertThat(second.statusCode()).isEqualTo(503);
      assertThat(new String(second.body(), StandardCharsets.UTF_8)).contains("UNAVAILABLE");
      assertThat(third.statusCode()).isEqualTo(200);
      assertThat(third.body()).isEqualTo(blobBytes);
      assertThat(rule.matched()).isEqualTo(3);
      assertThat(rule.fired()).isEqualTo(1);
    }
  }

  @Test
  void truncateAfter_blobBody_clientGetsThatManyBytesThenTheConnectionDies() throws Exception {
    try (FaultProxy proxy = FaultProxy.start(registry)) {
      FaultRule rule = proxy.on("GET", "/v2/.*/blobs/.*").truncateAfter(1000);
      HttpResponse<InputStream> answer = client().send(blobRequest(proxy), HttpResponse.BodyHandlers.ofInputStream());
      ByteArrayOutputStream received = new ByteArrayOutputStream();

      assertThatThrownBy(() -> answer.body().transferTo(received)).isInstanceOf(IOException.class);
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.headers().firstValueAsLong("Content-Length")).hasValue(blobBytes.length);
      assertThat(received.toByteArray()).hasSize(1000);
      assertThat(received.toByteArray()).isEqualTo(Arrays.copyOf(blobBytes, 1000));
      assertThat(rule.fired()).isEqualTo(1);
    }
  }

  @Test
  void corruptAt_blobBody_exactlyThatByteIsFlippedAndTheLengthIsKept() throws Exception {
    try (FaultProxy proxy = FaultProxy.start(registry)) {
      proxy.on("GET", "/v2/.*/blobs/.*").nth(1).corruptAt(70_000);

      byte[] corrupted = getBlob(proxy).body();
      byte[] clean = getBlob(proxy).body();

      assertThat(corrupted).hasSameSizeAs(blobBytes);
      assertThat(Hashing.sha256(corrupted)).isNotEqualTo(blob);
      assertThat(corrupted[70_000]).isEqualTo((byte) (blobBytes[70_000] ^ 0xFF));
      corrupted[70_000] = blobBytes[70_000];
      assertThat(corrupted).isEqualTo(blobBytes);
      assertThat(clean).isEqualTo(blobBytes);
    }
  }

  @Test
  void delay_manifestGet_answerComesNoSoonerThanTheDelay() throws Exception {
    try (FaultProxy proxy = FaultProxy.start(registry)) {
      proxy.on("GET", "/v2/faults/app/manifests/.*").delay(Duration.ofMillis(700));
      HttpRequest manifest = HttpRequest.newBuilder(proxy.url().resolve("/v2/faults/app/manifests/v1"))
          .header("Accept", TestImages.OCI_MANIFEST).build();

      long start = System.nanoTime();
      HttpResponse<String> answer = client().send(manifest, HttpResponse.BodyHandlers.ofString());
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.headers().firstValue("Docker-Content-Digest")).hasValue(image.manifest().digest());
      assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(700));
    }
  }

  @Test
  void holdUntil_blobGet_answerWaitsForTheConditionThenForwardsTheBlob() throws Exception {
    try (FaultProxy proxy = FaultProxy.start(registry)) {
      java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean();
      FaultRule hold = proxy.on("GET", "/v2/faults/app/blobs/" + blob).holdUntil(open::get, Duration.ofSeconds(30));
      java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> answer =
          client().sendAsync(blobRequest(proxy), HttpResponse.BodyHandlers.ofByteArray());

      TestRegistry.sleep(Duration.ofMillis(500));
      assertThat(answer).isNotDone();
      open.set(true);

      assertThat(answer.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(answer.get().body()).isEqualTo(blobBytes);
      assertThat(hold.fired()).isEqualTo(1);
    }
  }

  @Test
  void holdUntil_conditionNeverTrue_answers412AfterTheTimeout() throws Exception {
    try (FaultProxy proxy = FaultProxy.start(registry)) {
      proxy.on("GET", "/v2/faults/app/blobs/" + blob).holdUntil(() -> false, Duration.ofMillis(300));

      HttpResponse<byte[]> answer = getBlob(proxy);

      assertThat(answer.statusCode()).isEqualTo(412);
      assertThat(proxy.forwarded()).extracting(FaultProxy.Forwarded::status).containsExactly(412);
    }
  }

  @Test
  void setHeader_manifestContentType_clientSeesTheReplacedMediaTypeOverTheSameBytes() throws Exception {
    try (FaultProxy proxy = FaultProxy.start(registry)) {
      proxy.on("GET", "/v2/faults/app/manifests/v1").setHeader("Content-Type", "application/vnd.example.unknown+json");
      HttpRequest manifest = HttpRequest.newBuilder(proxy.url().resolve("/v2/faults/app/manifests/v1"))
          .header("Accept", TestImages.OCI_MANIFEST).build();

      HttpResponse<byte[]> answer = client().send(manifest, HttpResponse.BodyHandlers.ofByteArray());

      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.headers().allValues("Content-Type")).containsExactly("application/vnd.example.unknown+json");
      assertThat(Hashing.sha256(answer.body())).isEqualTo(image.manifest().digest());
    }
  }

  @Test
  void disconnect_whileTheRuleHolds_clientGetsNoAnswerAndOnceClearedGoesThrough() throws Exception {
    try (FaultProxy proxy = FaultProxy.start(registry)) {
      FaultRule rule = proxy.on("GET", "/v2/_catalog").disconnect();
      HttpRequest catalog = HttpRequest.newBuilder(proxy.url().resolve("/v2/_catalog?n=10")).build();

      // the JDK client retries an idempotent request once on a dead connection, so the rule must hold for both
      assertThatThrownBy(() -> client().send(catalog, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
      proxy.clearRules();
      HttpResponse<String> after = client().send(catalog, HttpResponse.BodyHandlers.ofString());

      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(after.body()).contains("faults/app");
      assertThat(rule.fired()).isGreaterThanOrEqualTo(1);
      assertThat(proxy.forwarded()).extracting(FaultProxy.Forwarded::status).startsWith(0).endsWith(200)
          .containsOnly(0, 200);
      assertThat(proxy.forwarded()).extracting(FaultProxy.Forwarded::query).containsOnly("n=10");
    }
  }

  @Test
  void respond_uploadWithABody_clientReadsTheStatusNotAReset() throws Exception {
    try (FaultProxy proxy = FaultProxy.start(registry)) {
      proxy.on("PUT", "/v2/.*/blobs/uploads/.*").respond(500);
      HttpRequest start = HttpRequest.newBuilder(proxy.url().resolve("/v2/faults/upload/blobs/uploads/"))
          .POST(HttpRequest.BodyPublishers.noBody()).build();
      String location = client().send(start, HttpResponse.BodyHandlers.discarding()).headers()
          .firstValue("Location").orElseThrow();
      URI upload = URI.create(location + (location.contains("?") ? "&" : "?") + "digest=" + blob);

      HttpResponse<String> put = client().send(HttpRequest.newBuilder(proxy.url().resolve(upload))
          .PUT(HttpRequest.BodyPublishers.ofByteArray(blobBytes)).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(location).startsWith(proxy.url().toString());
      assertThat(put.statusCode()).isEqualTo(500);
    }
  }

  @Test
  void start_inFrontOfTheTlsBasicAuthRegistry_forwardsCredentialsOverTheTestCa() throws Exception {
    try (TestRegistry secure = TestRegistry.withBasicAuth("carol", "pw");
         FaultProxy proxy = FaultProxy.start(secure)) {
      String basic = "Basic " + Base64.getEncoder().encodeToString("carol:pw".getBytes(StandardCharsets.UTF_8));
      URI v2 = proxy.url().resolve("/v2/");

      int anonymous = client().send(HttpRequest.newBuilder(v2).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
      int authorized = client().send(HttpRequest.newBuilder(v2).header("Authorization", basic).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();

      assertThat(anonymous).isEqualTo(401);
      assertThat(authorized).isEqualTo(200);
    }
  }

  private static HttpResponse<byte[]> getBlob(FaultProxy proxy) throws Exception {
    return client().send(blobRequest(proxy), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpRequest blobRequest(FaultProxy proxy) {
    return HttpRequest.newBuilder(proxy.url().resolve("/v2/faults/app/blobs/" + blob)).build();
  }

  private static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }
}
