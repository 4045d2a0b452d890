package dev.berth.api.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.ApiContext;
import dev.berth.api.ApiServer;
import dev.berth.api.FakeBuildService;
import dev.berth.api.FakeContainerService;
import dev.berth.api.FakeExecService;
import dev.berth.api.FakeImageService;
import dev.berth.api.FakeNetworkService;
import dev.berth.api.UnixHttp;
import dev.berth.engine.AmbassadorService;
import dev.berth.engine.StackService;
import dev.berth.engine.events.EventBus;
import dev.berth.engine.volume.LocalVolumeService;
import dev.berth.errors.ConflictException;
import dev.berth.oci.Json;
import dev.berth.stack.StackFile;
import dev.berth.stack.StackFileReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /stacks routes over the real HTTP server and a fake StackService. */
class StackRoutesTest {
  @TempDir Path tmp;
  private final FakeStackService stacks = new FakeStackService();
  private ApiServer server;
  private Path socket;

  @BeforeEach
  void start() throws Exception {
    EventBus events = new EventBus();
    FakeImageService images = new FakeImageService(events);
    FakeContainerService containers = new FakeContainerService(images, events);
    LocalVolumeService volumes = LocalVolumeService.open(tmp.resolve("volumes"), events, n -> List.of());
    server = ApiServer.forContext(new ApiContext(images, containers, new FakeExecService(containers), volumes,
        new FakeNetworkService(containers), events, "vfs", tmp.resolve("data"), "test-engine-id", false,
        new FakeBuildService(), AmbassadorService.NONE, stacks));
    socket = tmp.resolve("api.sock");
    server.listen(socket);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private StackFile stack(String services) {
    return StackFileReader.read("services:\n" + services, "stack.yml", tmp, Map.of(), false);
  }

  private UnixHttp.Response post(String uri, byte[] body) throws Exception {
    return UnixHttp.send(socket, "POST", uri, Map.of("Content-Type", "application/json"), body);
  }

  @Test
  void plan_sendsTheStackFileAndFlags_answersThePlanAsJson() throws Exception {
    StackFile sent = stack("  web:\n    image: busybox\n    environment: {A: '1'}\n  db:\n    image: busybox\n");
    UnixHttp.Response r = post("/v1.47/stacks/shop/plan?removeOrphans=1", Json.write(sent));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(stacks.lastProject).isEqualTo("shop");
    assertThat(stacks.lastStack).isEqualTo(sent);
    assertThat(stacks.lastOptions.removeOrphans()).isTrue();
    JsonNode plan = Json.MAPPER.readTree(r.body());
    assertThat(plan.get("project").asText()).isEqualTo("shop");
    assertThat(plan.get("steps").findValuesAsText("name")).containsExactly("web", "db");
    assertThat(plan.get("steps").get(0).get("action").asText()).isEqualTo("CREATE");
  }

  @Test
  void plan_withoutRemoveOrphans_passesFalse() throws Exception {
    assertThat(post("/stacks/shop/plan", Json.write(stack("  web:\n    image: busybox\n"))).status()).isEqualTo(200);
    assertThat(stacks.lastOptions.removeOrphans()).isFalse();
  }

  @Test
  void apply_streamsEachStepAsItEnds_thenTheReport() throws Exception {
    stacks.afterFirstStep = new CountDownLatch(1);
    try (UnixHttp.Conn c = UnixHttp.Conn.open(socket)) {
      c.writeRequest("POST", "/stacks/shop/apply", Map.of("Content-Type", "application/json"),
          Json.write(stack("  db:\n    image: busybox\n  web:\n    image: busybox\n")), true);
      UnixHttp.Response head = c.readHead();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("content-type")).isEqualTo(StackRoutes.STREAM_TYPE);
      String first = new String(c.nextChunk(), StandardCharsets.UTF_8);
      assertThat(Json.MAPPER.readTree(first).at("/result/step/name").asText()).isEqualTo("db");
      stacks.afterFirstStep.countDown();
      List<JsonNode> rest = new ArrayList<>();
      StringBuilder all = new StringBuilder();
      for (byte[] chunk = c.nextChunk(); chunk != null; chunk = c.nextChunk()) all.append(new String(chunk, StandardCharsets.UTF_8));
      for (String line : all.toString().split("\n")) rest.add(Json.MAPPER.readTree(line));
      assertThat(rest).hasSize(2);
      assertThat(rest.get(0).at("/result/step/name").asText()).isEqualTo("web");
      assertThat(rest.get(0).at("/result/containerId").asText()).isEqualTo("id-web");
      assertThat(rest.get(1).at("/report/project").asText()).isEqualTo("shop");
      assertThat(rest.get(1).at("/report/results").size()).isEqualTo(2);
    }
  }

  @Test
  void apply_failedStep_isReportedInTheStreamAndReport() throws Exception {
    UnixHttp.Response r = post("/stacks/shop/apply", Json.write(stack("  broken:\n    image: busybox\n")));
    assertThat(r.status()).isEqualTo(200);
    String[] lines = r.text().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(Json.MAPPER.readTree(lines[0]).at("/result/outcome").asText()).isEqualTo("FAILED");
    assertThat(Json.MAPPER.readTree(lines[0]).at("/result/error").asText()).isEqualTo("start failed: exit 127");
    assertThat(Json.MAPPER.readTree(lines[1]).at("/report/results/0/outcome").asText()).isEqualTo("FAILED");
  }

  @Test
  void apply_stackFileException_is400WithEveryProblem() throws Exception {
    UnixHttp.Response r = post("/stacks/shop/apply", Json.write(stack("  refused:\n    image: refused:1\n")));
    assertThat(r.status()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(r.body()).get("message").asText())
        .isEqualTo("stack.yml:3: image refused:1 is missing\nstack.yml:9: host port 80/tcp is held by container x");
  }

  @Test
  void apply_errorAfterTheStreamBegan_isALastErrorLine() throws Exception {
    stacks.failAfterFirstStep = new ConflictException("the network shop_default was removed during the apply");
    UnixHttp.Response r = post("/stacks/shop/apply", Json.write(stack("  a:\n    image: busybox\n  b:\n    image: busybox\n")));
    assertThat(r.status()).isEqualTo(200);
    String[] lines = r.text().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(Json.MAPPER.readTree(lines[1]).get("error").asText()).isEqualTo("the network shop_default was removed during the apply");
  }

  @Test
  void badRequests_invalidProjectEmptyOrMalformedBody_are400() throws Exception {
    byte[] ok = Json.write(stack("  web:\n    image: busybox\n"));
    UnixHttp.Response bad = post("/stacks/Bad%20Name/plan", ok);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.text()).contains("invalid project name 'Bad Name'");
    UnixHttp.Response empty = post("/stacks/shop/apply", new byte[0]);
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.text()).contains("the request has no stack");
    UnixHttp.Response malformed = post("/stacks/shop/plan", "{\"services\": [{\"image\": \"x\"}]}".getBytes(StandardCharsets.UTF_8));
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.text()).contains("the body is not a valid stack");
    assertThat(stacks.lastStack).isNull();
  }

  @Test
  void list_answersEachProjectWithItsCounts() throws Exception {
    stacks.summaries.add(FakeStackService.summary("shop"));
    JsonNode list = Json.MAPPER.readTree(UnixHttp.get(socket, "/v1.47/stacks").body());
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("project").asText()).isEqualTo("shop");
    assertThat(list.get(0).get("services").toString()).isEqualTo("[\"db\",\"web\"]");
    assertThat(list.get(0).get("running").asInt()).isEqualTo(1);
    assertThat(list.get(0).get("total").asInt()).isEqualTo(2);
    assertThat(list.get(0).get("updated").asText()).isEqualTo("2026-11-28T10:00:00Z");
  }

  @Test
  void down_passesTheVolumesFlag_answersTheReport() throws Exception {
    JsonNode plain = Json.MAPPER.readTree(post("/stacks/shop/down", null).body());
    assertThat(stacks.lastRemoveVolumes).isFalse();
    assertThat(plain.get("volumes")).isEmpty();
    JsonNode withVolumes = Json.MAPPER.readTree(post("/stacks/shop/down?volumes=1", null).body());
    assertThat(stacks.lastRemoveVolumes).isTrue();
    assertThat(withVolumes.get("containers").get(0).asText()).isEqualTo("shop-web-1");
    assertThat(withVolumes.get("volumes").get(0).asText()).isEqualTo("shop_data");
  }

  @Test
  void versions_answersTheRecordedVersionsOldestFirst() throws Exception {
    StackFile one = stack("  web:\n    image: busybox\n");
    stacks.versions.add(new StackService.Version(1, "sha256:" + "a".repeat(64), "2026-11-28T10:00:00Z", Map.of("web", "sha256:" + "b".repeat(64)), one, null));
    stacks.versions.add(new StackService.Version(2, "sha256:" + "c".repeat(64), "2026-11-28T11:00:00Z", Map.of("web", "sha256:" + "d".repeat(64)), one, 1));
    JsonNode list = Json.MAPPER.readTree(UnixHttp.get(socket, "/v1.47/stacks/shop/versions").body());
    assertThat(stacks.lastProject).isEqualTo("shop");
    assertThat(list.findValuesAsText("number")).containsExactly("1", "2");
    assertThat(list.get(0).at("/images/web").asText()).isEqualTo("sha256:" + "b".repeat(64));
    assertThat(list.get(0).at("/stack/services/0/name").asText()).isEqualTo("web");
    assertThat(list.get(1).get("rollbackOf").asInt()).isEqualTo(1);
  }

  @Test
  void rollback_withOneVersion_is400BeforeAnyStream() throws Exception {
    stacks.versions.add(new StackService.Version(1, "sha256:" + "a".repeat(64), "2026-11-28T10:00:00Z", Map.of(), stack("  web:\n    image: busybox\n"), null));
    UnixHttp.Response r = post("/stacks/shop/rollback", null);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).contains("only one version");
  }

  @Test
  void rollback_withTwoVersions_streamsThePreviousVersionsApply() throws Exception {
    stacks.versions.add(new StackService.Version(1, "sha256:" + "a".repeat(64), "t1", Map.of(), stack("  old:\n    image: busybox\n"), null));
    stacks.versions.add(new StackService.Version(2, "sha256:" + "c".repeat(64), "t2", Map.of(), stack("  new:\n    image: busybox\n"), null));
    UnixHttp.Response r = post("/stacks/shop/rollback", null);
    assertThat(r.status()).isEqualTo(200);
    String[] lines = r.text().split("\n");
    assertThat(Json.MAPPER.readTree(lines[0]).at("/result/step/name").asText()).isEqualTo("old");
    assertThat(Json.MAPPER.readTree(lines[lines.length - 1]).at("/report/project").asText()).isEqualTo("shop");
  }
}
