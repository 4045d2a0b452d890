package dev.berth.api.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.ApiTestServer;
import dev.berth.api.UnixHttp;
import dev.berth.engine.Image;
import dev.berth.errors.NotFoundException;
import dev.berth.oci.Digest;
import dev.berth.oci.Json;
import dev.berth.oci.Platform;
import dev.berth.registry.ProgressEvent;
import dev.berth.registry.ProgressEvent.State;
import dev.berth.registry.RegistryException;
import dev.berth.registry.auth.AuthenticationException;
import dev.berth.registry.auth.Credential;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /images/create?fromImage= and POST /auth through a real socket, over the fake image service's scripted pulls. */
class PullRouteTest {
  @TempDir Path tmp;
  private ApiTestServer api;
  private final Digest layer = Digest.sha256("layer".getBytes(StandardCharsets.UTF_8));
  private final AtomicReference<String> pulledRef = new AtomicReference<>();
  private final AtomicReference<Platform> pulledPlatform = new AtomicReference<>();
  private final AtomicReference<Credential> pulledCredential = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    api = new ApiTestServer(tmp);
    api.images.pulls = (reference, platform, credential, progress) -> {
      pulledRef.set(reference);
      pulledPlatform.set(platform);
      pulledCredential.set(credential);
      progress.accept(new ProgressEvent(layer, State.WAITING, 0, 100));
      progress.accept(new ProgressEvent(layer, State.DOWNLOADING, 50, 100));
      progress.accept(new ProgressEvent(layer, State.DOWNLOAD_COMPLETE, 100, 100));
      progress.accept(new ProgressEvent(layer, State.PULL_COMPLETE, 100, 100));
      return api.images.add(dev.berth.oci.ImageReference.parse(reference).familiar(), "2024-01-01T00:00:00Z", Map.of(), reference.getBytes(StandardCharsets.UTF_8));
    };
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private UnixHttp.Response post(String path, Map<String, String> headers) throws Exception {
    return UnixHttp.send(api.socket, "POST", path, headers, null);
  }

  private static List<JsonNode> messages(UnixHttp.Response r) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : r.text().split("\n")) if (!line.isBlank()) out.add(Json.MAPPER.readTree(line));
    return out;
  }

  @Test
  void pull_byTag_streamsDockersMessagesAndEndsWithStatus() throws Exception {
    UnixHttp.Response r = post("/v1.47/images/create?fromImage=127.0.0.1:5000/app&tag=v1", Map.of());
    assertThat(r.status()).isEqualTo(200);
    assertThat(pulledRef.get()).isEqualTo("127.0.0.1:5000/app:v1");
    List<JsonNode> m = messages(r);
    assertThat(m.getFirst().toString()).isEqualTo("{\"status\":\"Pulling from app\",\"id\":\"v1\"}");
    assertThat(m).extracting(n -> n.path("status").asText()).containsExactly("Pulling from app", "Pulling fs layer", "Downloading",
        "Download complete", "Pull complete", "Digest: " + api.images.inspect("127.0.0.1:5000/app:v1").manifest().digest(),
        "Status: Downloaded newer image for 127.0.0.1:5000/app:v1");
    assertThat(m.get(2).path("progressDetail").path("current").asLong()).isEqualTo(50);
    assertThat(m.get(2).path("id").asText()).isEqualTo(layer.shortId());
  }

  @Test
  void pull_tagInsideFromImageAndEmptyTag_pullsThatTag() throws Exception {
    assertThat(post("/images/create?fromImage=busybox:1.36&tag=", Map.of()).status()).isEqualTo(200);
    assertThat(pulledRef.get()).isEqualTo("docker.io/library/busybox:1.36");
    assertThat(post("/images/create?fromImage=busybox", Map.of()).status()).isEqualTo(200);
    assertThat(pulledRef.get()).isEqualTo("docker.io/library/busybox:latest");
  }

  @Test
  void pull_digestInTagParameter_pullsByDigest() throws Exception {
    String digest = Digest.sha256("m".getBytes(StandardCharsets.UTF_8)).toString();
    UnixHttp.Response r = post("/images/create?fromImage=localhost:5000/a/b&tag=" + digest, Map.of());
    assertThat(r.status()).isEqualTo(200);
    assertThat(pulledRef.get()).isEqualTo("localhost:5000/a/b@" + digest);
    assertThat(messages(r).getFirst().path("id").asText()).isEqualTo(digest);
  }

  @Test
  void pull_platform_isPassedOn() throws Exception {
    post("/images/create?fromImage=app&tag=1&platform=linux/arm64/v8", Map.of());
    assertThat(pulledPlatform.get()).isEqualTo(new Platform("arm64", "linux", null, null, "v8"));
    assertThat(post("/images/create?fromImage=app&tag=1&platform=linux//", Map.of()).status()).isEqualTo(400);
  }

  @Test
  void pull_registryAuthHeader_becomesTheCredential() throws Exception {
    String header = Base64.getUrlEncoder().encodeToString("{\"username\":\"bob\",\"password\":\"pw\"}".getBytes(StandardCharsets.UTF_8));
    post("/images/create?fromImage=app&tag=1", Map.of("X-Registry-Auth", header));
    assertThat(pulledCredential.get()).isEqualTo(new Credential.UserPassword("bob", "pw"));
    post("/images/create?fromImage=app&tag=1", Map.of());
    assertThat(pulledCredential.get()).isNull();
  }

  @Test
  void pull_malformedHeaderOrReference_is400BeforeAnyMessage() throws Exception {
    UnixHttp.Response header = post("/images/create?fromImage=app&tag=1", Map.of("X-Registry-Auth", "***"));
    assertThat(header.status()).isEqualTo(400);
    assertThat(header.text()).contains("invalid X-Registry-Auth header");
    UnixHttp.Response ref = post("/images/create?fromImage=Bad%20Name&tag=1", Map.of());
    assertThat(ref.status()).isEqualTo(400);
    assertThat(ref.text()).contains("invalid reference format");
    assertThat(pulledRef.get()).isNull();
  }

  @Test
  void pull_failsBeforeAnyLayer_isARealErrorStatus() throws Exception {
    api.images.pulls = (reference, platform, credential, progress) -> {
      throw new NotFoundException("pulling manifest 127.0.0.1:5000/app:nope: manifest unknown: manifest unknown");
    };
    UnixHttp.Response r = post("/images/create?fromImage=127.0.0.1:5000/app&tag=nope", Map.of());
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.text()).isEqualTo("{\"message\":\"pulling manifest 127.0.0.1:5000/app:nope: manifest unknown: manifest unknown\"}");
  }

  @Test
  void pull_refusedCredentials_isAnErrorStatusButNot401() throws Exception {
    // dockerd answers a refused pull with a plain error; on a 401 the docker CLI would prompt for a login instead
    api.images.pulls = (reference, platform, credential, progress) -> {
      throw new AuthenticationException("pulling manifest 127.0.0.1:5000/app:1: unauthorized: authentication required");
    };
    UnixHttp.Response r = post("/images/create?fromImage=127.0.0.1:5000/app&tag=1", Map.of());
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.text()).contains("unauthorized: authentication required");
  }

  @Test
  void pull_failsMidway_errorArrivesInline() throws Exception {
    api.images.pulls = (reference, platform, credential, progress) -> {
      progress.accept(new ProgressEvent(layer, State.WAITING, 0, 100));
      progress.accept(new ProgressEvent(layer, State.DOWNLOADING, 10, 100));
      throw new RegistryException("filesystem layer verification failed for digest " + layer, 200);
    };
    UnixHttp.Response r = post("/images/create?fromImage=app&tag=1", Map.of());
    assertThat(r.status()).isEqualTo(200);
    JsonNode last = messages(r).getLast();
    assertThat(last.toString()).isEqualTo("{\"errorDetail\":{\"message\":\"filesystem layer verification failed for digest " + layer
        + "\"},\"error\":\"filesystem layer verification failed for digest " + layer + "\"}");
  }

  @Test
  void pull_sameImageAgainWithNothingFetched_isUpToDate() throws Exception {
    Image existing = api.images.add("app:1", "2024-01-01T00:00:00Z", Map.of(), "x".getBytes(StandardCharsets.UTF_8));
    api.images.pulls = (reference, platform, credential, progress) -> {
      progress.accept(new ProgressEvent(layer, State.WAITING, 0, 100));
      progress.accept(new ProgressEvent(layer, State.ALREADY_EXISTS, 0, 100));
      return existing;
    };
    List<JsonNode> m = messages(post("/images/create?fromImage=app&tag=1", Map.of()));
    assertThat(m).extracting(n -> n.path("status").asText())
        .containsExactly("Pulling from library/app", "Digest: " + existing.manifest().digest(), "Status: Image is up to date for app:1");
  }

  @Test
  void fromSrcImport_stillWorks() throws Exception {
    UnixHttp.Response r = UnixHttp.send(api.socket, "POST", "/images/create?fromSrc=-&repo=imported&tag=1", Map.of(), "rootfs".getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(200);
    assertThat(pulledRef.get()).isNull();
  }

  @Test
  void auth_accepted_isLoginSucceeded() throws Exception {
    AtomicReference<String> registry = new AtomicReference<>();
    api.images.logins = (host, credential) -> registry.set(host + " " + credential);
    UnixHttp.Response r = UnixHttp.send(api.socket, "POST", "/v1.47/auth", Map.of("Content-Type", "application/json"),
        "{\"username\":\"bob\",\"password\":\"pw\",\"serveraddress\":\"https://127.0.0.1:5000/\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("{\"Status\":\"Login Succeeded\",\"IdentityToken\":\"\"}");
    assertThat(registry.get()).isEqualTo("127.0.0.1:5000 UserPassword[bob, ****]");
  }

  @Test
  void auth_refused_is401WithTheRegistrysMessage() throws Exception {
    api.images.logins = (host, credential) -> {
      throw new AuthenticationException("login attempt to https://" + host + "/v2/ failed with status: 401 Unauthorized");
    };
    UnixHttp.Response r = UnixHttp.send(api.socket, "POST", "/auth", Map.of("Content-Type", "application/json"),
        "{\"username\":\"bob\",\"password\":\"nope\",\"serveraddress\":\"127.0.0.1:5000\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.text()).isEqualTo("{\"message\":\"login attempt to https://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized\"}");
  }

  @Test
  void registryHost_serverAddresses_asDockerdReadsThem() {
    assertThat(AuthRoutes.registryHost("https://index.docker.io/v1/")).isEqualTo("docker.io");
    assertThat(AuthRoutes.registryHost("")).isEqualTo("docker.io");
    assertThat(AuthRoutes.registryHost("127.0.0.1:5000")).isEqualTo("127.0.0.1:5000");
    assertThat(AuthRoutes.registryHost("http://localhost:5000/v2/")).isEqualTo("localhost:5000");
  }
}
