package dev.berth.api.dom0;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.ApiContext;
import dev.berth.api.ApiServer;
import dev.berth.api.FakeImageService;
import dev.berth.api.UnixHttp;
import dev.berth.engine.Dom0Service;
import dev.berth.engine.Dom0Service.AppliedImage;
import dev.berth.engine.Dom0Service.Boot;
import dev.berth.engine.Dom0Service.Outcome;
import dev.berth.engine.Dom0Service.Step;
import dev.berth.engine.events.EventBus;
import dev.berth.errors.NotFoundException;
import dev.berth.oci.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /dom0 and POST /dom0/rollback over the real HTTP server, added beside the context's routes, and a fake dom0. */
class Dom0RoutesTest {
  @TempDir Path tmp;
  private ApiServer server;
  private Path socket;
  private volatile Boot rollbackAnswer;

  private static final Boot FAILED_BOOT = new Boot(2, "boot", "t0", "t1", "dom0:latest", "sha256:bb", null, List.of(
      new Step("bootsync", Outcome.FAILED, "output in x", "exited with code 3", 3, "t0", "t0"),
      new Step("container", Outcome.DONE, "created 123", null, null, "t0", "t1")));

  private final Dom0Service dom0 = new Dom0Service() {
    @Override
    public Status status() {
      return new Status("dom0:latest", List.of(FAILED_BOOT),
          List.of(new AppliedImage("sha256:bb", "dom0:latest", null, "t1", false), new AppliedImage("sha256:aa", "dom0:latest", "sha256:cc", "t", true)));
    }

    @Override
    public Boot rollback() {
      if (rollbackAnswer == null) throw new NotFoundException("rolling back dom0: no dom0 image was ever applied on this host");
      return rollbackAnswer;
    }
  };

  @BeforeEach
  void start() throws Exception {
    EventBus events = new EventBus();
    ApiContext context = new ApiContext(new FakeImageService(events), events, "vfs", tmp.resolve("data"), "id", false);
    server = ApiServer.forContext(context, routes -> new Dom0Routes(dom0).register(routes));
    socket = tmp.resolve("api.sock");
    server.listen(socket);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void status_answersTheBootsStepsAndAppliedImages_withDockerStyleKeys() throws Exception {
    UnixHttp.Response r = UnixHttp.send(socket, "GET", "/v1.47/dom0", Map.of(), new byte[0]);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode s = Json.MAPPER.readTree(r.body());
    assertThat(s.path("Image").asText()).isEqualTo("dom0:latest");
    JsonNode boot = s.path("Boots").get(0);
    assertThat(boot.path("Number").asInt()).isEqualTo(2);
    assertThat(boot.path("Failed").asBoolean()).isTrue();
    assertThat(boot.path("Steps").get(0).path("Outcome").asText()).isEqualTo("failed");
    assertThat(boot.path("Steps").get(0).path("ExitCode").asInt()).isEqualTo(3);
    assertThat(s.path("Applied").findValuesAsText("ImageID")).containsExactly("sha256:bb", "sha256:aa");
    assertThat(s.path("Applied").get(1).path("Ok").asBoolean()).isTrue();
    assertThat(UnixHttp.send(socket, "GET", "/_ping", Map.of(), new byte[0]).status()).as("the context's own routes").isEqualTo(200);
  }

  @Test
  void rollback_answersTheRollbacksRecord_or404WhenThereIsNothingToGoBackTo() throws Exception {
    UnixHttp.Response none = UnixHttp.send(socket, "POST", "/v1.47/dom0/rollback", Map.of(), new byte[0]);
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.text()).contains("no dom0 image was ever applied");

    rollbackAnswer = new Boot(3, "rollback", "t2", "t3", "dom0:latest", "sha256:aa", "sha256:cc",
        List.of(new Step("tag", Outcome.DONE, "tagged sha256:aa as dom0:latest", null, null, "t2", "t2")));
    UnixHttp.Response ok = UnixHttp.send(socket, "POST", "/v1.47/dom0/rollback", Map.of(), new byte[0]);
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    JsonNode b = Json.MAPPER.readTree(ok.body());
    assertThat(b.path("Trigger").asText()).isEqualTo("rollback");
    assertThat(b.path("ImageID").asText()).isEqualTo("sha256:aa");
    assertThat(b.path("Failed").asBoolean()).isFalse();
  }
}
