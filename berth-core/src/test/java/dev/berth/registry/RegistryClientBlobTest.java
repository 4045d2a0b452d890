package dev.berth.registry;

import static dev.berth.registry.ScriptedHttpServer.chunked;
import static dev.berth.registry.ScriptedHttpServer.head;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.SystemException;
import dev.berth.image.content.LocalContentStore;
import dev.berth.oci.Digest;
import dev.berth.registry.auth.Credential;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Blob downloads through the façade and the transport against scripted servers: redirects, challenges, retries
 * and resumes work the same whether the body comes through {@link BlockingHttp} ({@code true}) or the JDK's client.
 */
class RegistryClientBlobTest {
  private final byte[] blob = new byte[2 * 1024 * 1024 + 5];
  private final Digest digest;
  @TempDir Path dir;

  RegistryClientBlobTest() {
    new Random(66).nextBytes(blob);
    digest = Digest.sha256(blob);
  }

  private static RegistryTransport transport(boolean blobHttp) {
    return new RegistryTransport(RegistryOptions.defaults(), blobHttp);
  }

  private RegistryClient client(RegistryTransport transport, ScriptedHttpServer registry, Credential credential) {
    return RegistryClient.forPull(transport, registry.hostPort(), "app", credential);
  }

  private boolean isBlob(ScriptedHttpServer.Request request) {
    return request.target().equals("/v2/app/blobs/" + digest);
  }

  /** Answers /v2/ (the probe) with 200 and no body, and anything else with {@code blobs}. */
  private static ScriptedHttpServer.Handler registry(ScriptedHttpServer.Handler blobs) {
    return (request, out) -> {
      if (request.target().equals("/v2/")) {
        out.write(head(200, "Content-Length: 0"));
        return true;
      }
      return blobs.answer(request, out);
    };
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void pullBlob_basicChallengeThenRedirectToStorage_followsWithoutTheCredentials(boolean blobHttp) throws Exception {
    try (var storage = ScriptedHttpServer.start((request, out) -> {
      out.write(head(200, "Transfer-Encoding: chunked"));
      out.write(chunked(blob, 300_000));
      return true;
    }); var registry = ScriptedHttpServer.start(registry((request, out) -> {
      if (request.header("Authorization") == null) {
        out.write(head(401, "WWW-Authenticate: Basic realm=\"test\"", "Content-Length: 0"));
      } else {
        out.write(head(307, "Location: " + storage.uri("http", "/store/blob?signature=s3"), "Content-Length: 0"));
      }
      return true;
    })); var transport = transport(blobHttp)) {
      var client = client(transport, registry, new Credential.UserPassword("u", "p"));
      try (InputStream in = client.pullBlob(digest, blob.length)) {
        assertThat(in.readAllBytes()).isEqualTo(blob);
      }
      assertThat(registry.requests()).filteredOn(this::isBlob).last()
          .satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Basic dTpw"));
      assertThat(storage.requests()).singleElement().satisfies(r -> {
        assertThat(r.target()).isEqualTo("/store/blob?signature=s3");
        assertThat(r.header("Authorization")).isNull();
      });
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void pullBlob_503ThenTheBlob_retries(boolean blobHttp) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (var registry = ScriptedHttpServer.start(registry((request, out) -> {
      if (calls.incrementAndGet() == 1) {
        out.write(head(503, "Content-Length: 4"));
        out.write("busy".getBytes());
        return true;
      }
      return whole(out);
    })); var transport = transport(blobHttp)) {
      try (InputStream in = client(transport, registry, Credential.ANONYMOUS).pullBlob(digest, blob.length)) {
        assertThat(in.readAllBytes()).isEqualTo(blob);
      }
      assertThat(registry.requests()).filteredOn(this::isBlob).hasSize(2);
    }
  }

  private boolean whole(OutputStream out) throws IOException {
    out.write(head(200, "Content-Length: " + blob.length));
    out.write(blob);
    return true;
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void pullBlob_bodyCutOnce_resumesWithARangeRequest(boolean blobHttp) throws Exception {
    int cut = 700_000;
    try (var registry = ScriptedHttpServer.start(registry((request, out) -> {
      String range = request.header("Range");
      if (range == null) {
        out.write(head(200, "Content-Length: " + blob.length));
        out.write(blob, 0, cut);
        return false;
      }
      int from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
      out.write(head(206, "Content-Length: " + (blob.length - from),
          "Content-Range: bytes " + from + "-" + (blob.length - 1) + "/" + blob.length));
      out.write(blob, from, blob.length - from);
      return true;
    })); var transport = transport(blobHttp)) {
      try (InputStream in = client(transport, registry, Credential.ANONYMOUS).pullBlob(digest, blob.length)) {
        assertThat(in.readAllBytes()).isEqualTo(blob);
      }
      var ranges = registry.requests().stream().filter(this::isBlob).map(r -> r.header("Range")).toList();
      assertThat(ranges).hasSize(2).first().isNull();
      long from = Long.parseLong(ranges.get(1).replaceAll("bytes=(\\d+)-", "$1"));
      // BlockingHttp hands over every byte that arrived; the JDK's client may drop what it held when the connection broke
      if (blobHttp) assertThat(from).isEqualTo(cut);
      else assertThat(from).isBetween(1L, (long) cut);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void pullBlob_bodyAlwaysCutShort_failsNamingTheBlobAndCommitsNothing(boolean blobHttp) throws Exception {
    try (var registry = ScriptedHttpServer.start(registry((request, out) -> {
      out.write(head(200, "Content-Length: " + blob.length));
      out.write(blob, 0, 1000);
      return false;
    })); var transport = transport(blobHttp)) {
      LocalContentStore store = LocalContentStore.open(dir.resolve("content"));
      InputStream in = client(transport, registry, Credential.ANONYMOUS).pullBlob(digest, blob.length);
      assertThatThrownBy(() -> store.write(in, digest, blob.length)).isInstanceOf(SystemException.class)
          .hasMessageContaining("pulling blob " + digest).hasMessageContaining("gave up after");
      assertThat(store.exists(digest)).isFalse();
      try (var left = Files.list(dir.resolve("content/ingest"))) {
        assertThat(left).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void pullBlob_unknownBlob_isNotFoundWithTheRegistrysReason(boolean blobHttp) throws Exception {
    String json = "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}";
    try (var registry = ScriptedHttpServer.start(registry((request, out) -> {
      out.write(head(404, "Content-Length: " + json.length(), "Content-Type: application/json"));
      out.write(json.getBytes());
      return true;
    })); var transport = transport(blobHttp)) {
      InputStream in = client(transport, registry, Credential.ANONYMOUS).pullBlob(digest, blob.length);
      assertThatThrownBy(in::readAllBytes).isInstanceOf(dev.berth.errors.NotFoundException.class)
          .hasMessage("pulling blob " + digest + " from " + registry.hostPort() + "/app: blob unknown: blob unknown to registry");
    }
  }

  @Test
  void pullBlob_loopbackRegistryAnsweringPlainHttp_skipsTheTlsAttemptAndReusesOneConnection() throws Exception {
    try (var registry = ScriptedHttpServer.start(registry((request, out) -> whole(out))); var transport = transport(true)) {
      try (InputStream in = client(transport, registry, Credential.ANONYMOUS).pullBlob(digest, blob.length)) {
        assertThat(in.readAllBytes()).isEqualTo(blob);
      }
      // the plain probe of /v2/ and the blob, on one kept-alive connection: no TLS hello was sent
      assertThat(registry.requests()).extracting(ScriptedHttpServer.Request::target)
          .containsExactly("/v2/", "/v2/app/blobs/" + digest);
      assertThat(registry.connections()).isEqualTo(1);
    }
  }

  @Test
  void pullBlob_jdkClient_triesTlsFirstThenFallsBack() throws Exception {
    try (var registry = ScriptedHttpServer.start(registry((request, out) -> whole(out))); var transport = transport(false)) {
      try (InputStream in = client(transport, registry, Credential.ANONYMOUS).pullBlob(digest, blob.length)) {
        assertThat(in.readAllBytes()).isEqualTo(blob);
      }
      // the TLS hello's connection was closed by the server without a request
      assertThat(registry.requests().getFirst().connection()).isGreaterThan(1);
    }
  }

  @Test
  void pullBlob_plainLoopbackRegistryWithAnUnreadableCaFile_pullsWithoutBuildingTls() throws Exception {
    // the TLS context is made on first use: a broken CA file would fail it, and a plain-HTTP pull never asks for it
    RegistryOptions options = RegistryOptions.defaults().withCaCertificates(java.util.List.of(dir.resolve("missing-ca.crt")));
    try (var registry = ScriptedHttpServer.start(registry((request, out) -> whole(out)));
        var transport = new RegistryTransport(options, true)) {
      try (InputStream in = client(transport, registry, Credential.ANONYMOUS).pullBlob(digest, blob.length)) {
        assertThat(in.readAllBytes()).isEqualTo(blob);
      }
      assertThatThrownBy(transport::http).isInstanceOf(dev.berth.errors.InvalidArgumentException.class)
          .hasMessageContaining("missing-ca.crt");
    }
  }
}
