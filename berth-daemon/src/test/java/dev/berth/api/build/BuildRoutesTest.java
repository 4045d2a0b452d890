package dev.berth.api.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.ApiTestServer;
import dev.berth.api.FakeBuildService;
import dev.berth.api.UnixHttp;
import dev.berth.engine.BuildService.BuildFailedException;
import dev.berth.engine.BuildService.BuildRequest;
import dev.berth.engine.BuildService.PruneReport;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /build and /build/prune through a real socket, over the fake build service. */
class BuildRoutesTest {
  private static final String DOCKERFILE = "FROM busybox\nCOPY a.txt /\n";
  private static final Map<String, String> REGISTRY_CONFIG = Map.of("X-Registry-Config", "e30=", "Content-Type", "application/x-tar");

  @TempDir Path tmp;
  private ApiTestServer api;

  @BeforeEach
  void start() throws Exception {
    api = new ApiTestServer(tmp);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  static byte[] tar(Map<String, String> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (var f : files.entrySet()) {
        byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(f.getKey());
        e.setSize(content.length);
        e.setMode(0644);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] context() throws IOException {
    return tar(Map.of("Dockerfile", DOCKERFILE, "a.txt", "hello\n"));
  }

  private UnixHttp.Response build(String query, byte[] body) throws IOException {
    return UnixHttp.send(api.socket, "POST", "/v1.47/build" + query, REGISTRY_CONFIG, body);
  }

  private static List<JsonNode> messages(UnixHttp.Response r) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : r.text().split("\n")) {
      if (!line.isBlank()) out.add(Json.MAPPER.readTree(line));
    }
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The data root's tmp/ holds no unpacked context after a request. */
  private void assertNoScratchLeft() throws IOException {
    Path scratch = tmp.resolve("data").resolve("tmp");
    if (!Files.exists(scratch)) return;
    try (Stream<Path> s = Files.list(scratch)) {
      assertThat(s.toList()).as("unpacked contexts left in %s", scratch).isEmpty();
    }
  }

  @Test
  void build_contextTar_streamsStepsThenAuxAndUnpacksTheContextForTheBuild() throws Exception {
    UnixHttp.Response r = build("?t=me/app:1&t=other&dockerfile=Dockerfile&version=1", context());
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.header("content-type")).isEqualTo("application/json");
    List<JsonNode> m = messages(r);
    assertThat(m.get(0).get("stream").asText()).isEqualTo("Step 1/1 : FROM busybox\n");
    assertThat(m.get(2).get("aux").get("ID").asText()).isEqualTo(FakeBuildService.IMAGE_ID.toString());
    assertThat(m.getLast().get("stream").asText()).isEqualTo("Successfully tagged other\n");
    assertThat(api.builds.last().files()).containsExactlyInAnyOrderEntriesOf(Map.of("Dockerfile", DOCKERFILE, "a.txt", "hello\n"));
    assertThat(api.builds.last().request().tags()).containsExactly("me/app:1", "other");
    assertNoScratchLeft();
  }

  @Test
  void build_gzipContext_isUnpacked() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(context());
    }
    UnixHttp.Response r = build("", gz.toByteArray());
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(api.builds.last().files()).containsEntry("a.txt", "hello\n");
    assertNoScratchLeft();
  }

  @Test
  void build_queryParameters_becomeTheEngineRequest() throws Exception {
    String query = "?dockerfile=build/Dockerfile.dev&buildargs=" + enc("{\"A\":\"1\",\"B\":null}")
        + "&labels=" + enc("{\"team\":\"core\"}") + "&nocache=1&target=base&pull=1&platform=linux/amd64"
        + "&networkmode=host&rm=0&cachefrom=" + enc("[\"x\"]") + "&memory=0&shmsize=0";
    assertThat(build(query, context()).status()).isEqualTo(200);
    BuildRequest req = api.builds.last().request();
    assertThat(req.dockerfile()).isEqualTo("build/Dockerfile.dev");
    assertThat(req.buildArgs()).containsEntry("A", "1").containsEntry("B", null).hasSize(2);
    assertThat(req.labels()).isEqualTo(Map.of("team", "core"));
    assertThat(req.noCache()).isTrue();
    assertThat(req.target()).isEqualTo("base");
    assertThat(req.pull()).isTrue();
    assertThat(req.platform()).isEqualTo("linux/amd64");
    assertThat(req.networkMode()).isEqualTo("host");
    assertThat(req.removeIntermediate()).isFalse();
    assertThat(req.forceRemove()).isFalse();
  }

  @Test
  void build_defaults_asDockerd_rmOnAndForcermImpliesRm() throws Exception {
    assertThat(build("?networkmode=default", context()).status()).isEqualTo(200);
    BuildRequest plain = api.builds.last().request();
    assertThat(plain.removeIntermediate()).isTrue();
    assertThat(plain.dockerfile()).isEqualTo("Dockerfile");
    assertThat(plain.networkMode()).isNull();
    assertThat(plain.noCache()).isFalse();
    assertThat(build("?rm=0&forcerm=1", context()).status()).isEqualTo(200);
    assertThat(api.builds.last().request().removeIntermediate()).isTrue();
    assertThat(api.builds.last().request().forceRemove()).isTrue();
  }

  @Test
  void build_failingStep_reportsTheErrorInlineWithTheExitCode() throws Exception {
    api.builds.script = (request, progress) -> {
      progress.stream("Step 1/2 : FROM busybox\n");
      progress.stream("Step 2/2 : RUN exit 3\n");
      throw new BuildFailedException("Step 2/2 : RUN exit 3 (Dockerfile:2): The command '/bin/sh -c exit 3' returned a non-zero code: 3", 3, null);
    };
    UnixHttp.Response r = build("?t=x", context());
    assertThat(r.status()).isEqualTo(200);
    List<JsonNode> m = messages(r);
    assertThat(m).hasSize(3);
    JsonNode error = m.getLast();
    assertThat(error.get("error").asText()).contains("Dockerfile:2").contains("returned a non-zero code: 3");
    assertThat(error.get("errorDetail").get("message").asText()).isEqualTo(error.get("error").asText());
    assertThat(error.get("errorDetail").get("code").asInt()).isEqualTo(3);
    assertNoScratchLeft();
  }

  @Test
  void build_failureThatIsNotARun_hasNoCode() throws Exception {
    api.builds.script = (request, progress) -> {
      progress.stream("Step 1/2 : FROM busybox\n");
      throw new InvalidArgumentException("Dockerfile:2: COPY failed: file not found in build context: missing.txt");
    };
    JsonNode error = messages(build("", context())).getLast();
    assertThat(error.get("error").asText()).isEqualTo("Dockerfile:2: COPY failed: file not found in build context: missing.txt");
    assertThat(error.get("errorDetail").has("code")).isFalse();
  }

  @Test
  void build_errorBeforeAnyOutput_isAnHttpError() throws Exception {
    api.builds.script = (request, progress) -> {
      throw new InvalidArgumentException("Dockerfile:1:1: unknown instruction: FORM (did you mean FROM?)");
    };
    UnixHttp.Response r = build("", context());
    assertThat(r.status()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(r.body()).get("message").asText()).contains("Dockerfile:1:1").contains("FORM");
    assertNoScratchLeft();
  }

  @Test
  void build_badQueryValues_are400BeforeTheBuild() throws Exception {
    assertBadRequest("?buildargs=" + enc("not json"), "buildargs");
    assertBadRequest("?buildargs=" + enc("[\"A=1\"]"), "buildargs");
    assertBadRequest("?labels=" + enc("{\"a\":"), "labels");
    assertBadRequest("?t=" + enc("Bad Name!"), "Bad Name!");
    assertBadRequest("?version=2", "BuildKit");
    assertBadRequest("?remote=" + enc("https://example.com/repo.git"), "remote");
    assertThat(api.builds.builds).isEmpty();
    assertNoScratchLeft();
  }

  private void assertBadRequest(String query, String named) throws Exception {
    UnixHttp.Response r = build(query, context());
    assertThat(r.status()).as(query + ": " + r.text()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(r.body()).get("message").asText()).contains(named);
  }

  @Test
  void build_malformedContext_is400AndLeavesNoScratchDirectory() throws Exception {
    byte[] garbage = new byte[4096];
    java.util.Arrays.fill(garbage, (byte) 'x');
    UnixHttp.Response r = build("", garbage);
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(api.builds.builds).isEmpty();
    assertNoScratchLeft();
  }

  /**
   * What docker 28.2.2 sent for {@code docker build -f ../Dockerfile.out ctx} (captured): the Dockerfile under
   * a hidden name, a generated .dockerignore, and the tar ending right after the last entry's data, without
   * padding or the two zero blocks. dockerd reads it; so must berthd.
   */
  @Test
  void build_dockerCliTarWithoutTrailer_isUnpacked() throws Exception {
    byte[] captured;
    try (var in = getClass().getResourceAsStream("/build/docker-cli-outside-dockerfile.tar")) {
      captured = in.readAllBytes();
    }
    UnixHttp.Response r = build("?dockerfile=.dockerfile.42a515267752ca7619f3&version=1", captured);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(api.builds.last().files()).containsEntry("keep.txt", "kept\n")
        .containsEntry(".dockerfile.42a515267752ca7619f3", "FROM busybox\n")
        .containsEntry(".dockerignore", ".dockerignore\n.dockerfile.42a515267752ca7619f3\n");
    assertNoScratchLeft();
  }

  @Test
  void build_quiet_sendsOnlyTheImageIdAsTheStream() throws Exception {
    List<JsonNode> m = messages(build("?q=1&t=x", context()));
    List<String> streams = m.stream().filter(n -> n.has("stream")).map(n -> n.get("stream").asText()).toList();
    assertThat(streams).containsExactly(FakeBuildService.IMAGE_ID + "\n");
    assertThat(m).anyMatch(n -> n.has("aux"));
  }

  @Test
  void build_quietFailure_sendsTheHeldOutputThenTheError() throws Exception {
    api.builds.script = (request, progress) -> {
      progress.aux(FakeBuildService.IMAGE_ID);
      progress.stream("Step 1/1 : RUN false\n");
      throw new BuildFailedException("Step 1/1 : RUN false: returned a non-zero code: 1", 1, null);
    };
    List<JsonNode> m = messages(build("?q=1", context()));
    assertThat(m.get(1).get("stream").asText()).isEqualTo("Step 1/1 : RUN false\n");
    assertThat(m.getLast().get("error").asText()).contains("RUN false");
  }

  @Test
  void build_progress_isFlushedAsItComes() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    api.builds.script = (request, progress) -> {
      progress.stream("Step 1/2 : FROM busybox\n");
      try {
        if (!release.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return FakeBuildService.succeed(request, progress);
    };
    try (UnixHttp.Conn c = UnixHttp.Conn.open(api.socket)) {
      c.writeRequest("POST", "/v1.47/build", REGISTRY_CONFIG, context(), true);
      UnixHttp.Response head = c.readHead();
      assertThat(head.status()).isEqualTo(200);
      assertThat(new String(c.nextChunk(), StandardCharsets.UTF_8)).contains("Step 1/2 : FROM busybox");
      release.countDown();
      byte[] rest;
      StringBuilder all = new StringBuilder();
      while ((rest = c.nextChunk()) != null) all.append(new String(rest, StandardCharsets.UTF_8));
      assertThat(all.toString()).contains("\"aux\"");
    } finally {
      release.countDown();
    }
  }

  @Test
  void prune_passesFiltersAndAnswersDockersReport() throws Exception {
    api.builds.pruneReport = new PruneReport(List.of("sha256:aaa", "sha256:bbb"), 12345);
    UnixHttp.Response r = UnixHttp.send(api.socket, "POST",
        "/v1.47/build/prune?all=1&keep-storage=0&filters=" + enc("{\"until\":[\"24h\"]}"), Map.of(), null);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertThat(body.get("CachesDeleted")).hasSize(2);
    assertThat(body.get("CachesDeleted").get(0).asText()).isEqualTo("sha256:aaa");
    assertThat(body.get("SpaceReclaimed").asLong()).isEqualTo(12345);
    assertThat(api.builds.prunes.getLast()).containsEntry("until", List.of("24h"));
  }

  @Test
  void prune_unknownFilter_is400() throws Exception {
    UnixHttp.Response r = UnixHttp.send(api.socket, "POST", "/v1.47/build/prune?filters=" + enc("{\"colour\":[\"x\"]}"), Map.of(), null);
    assertThat(r.status()).isEqualTo(400);
    assertThat(api.builds.prunes).isEmpty();
  }
}
