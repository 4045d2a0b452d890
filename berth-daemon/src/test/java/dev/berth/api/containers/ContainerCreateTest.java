package dev.berth.api.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.ApiTestServer;
import dev.berth.api.UnixHttp;
import dev.berth.oci.Json;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.MountSpec;
import dev.berth.runtime.container.RestartPolicy;
import dev.berth.runtime.specgen.Ulimit;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /containers/create} through a real socket: the bodies the docker CLI 28 sends (captured from
 * it, in test resources) and Docker's edge cases, checked on what the engine receives.
 */
class ContainerCreateTest {
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

  private static byte[] golden(String name) throws Exception {
    try (InputStream in = ContainerCreateTest.class.getResourceAsStream("/api/create/" + name)) {
      return in.readAllBytes();
    }
  }

  private UnixHttp.Response create(String query, byte[] body) throws Exception {
    return UnixHttp.send(api.socket, "POST", "/v1.47/containers/create" + query, Map.of("Content-Type", "application/json"), body);
  }

  private UnixHttp.Response create(String body) throws Exception {
    return create("", body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void create_cliRunItRestart_translatesEveryFlag() throws Exception {
    UnixHttp.Response r = create("?name=web", golden("run-it-restart.json"));
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertThat(body.get("Id").asText()).hasSize(64);
    assertThat(body.get("Warnings").isArray()).isTrue();
    ContainerConfig c = api.containers.lastCreateRequest;
    assertThat(c.basic().image()).isEqualTo("busybox");
    assertThat(c.basic().tty()).isTrue();
    assertThat(c.basic().openStdin()).isTrue();
    assertThat(c.basic().env()).containsExactly("A=1");
    assertThat(c.basic().cmd()).containsExactly("sh");
    assertThat(c.basic().entrypoint()).isNull();
    assertThat(c.storage().mounts()).containsExactly(new MountSpec(MountSpec.Type.BIND, "/tmp", "/x", true, List.of()));
    assertThat(c.resources().memory()).isEqualTo(64L << 20);
    assertThat(c.resources().nanoCpus()).isEqualTo(1_500_000_000L);
    assertThat(c.restartPolicy()).isEqualTo(new RestartPolicy.OnFailure(3));
    assertThat(c.autoRemove()).isFalse();
    assertThat(c.networkMode()).isEqualTo("default");
    assertThat(c.log().type()).isEqualTo("json-file");
    JsonNode inspect = Json.MAPPER.readTree(UnixHttp.get(api.socket, "/containers/web/json").body());
    assertThat(inspect.get("Name").asText()).isEqualTo("/web");
    assertThat(inspect.get("HostConfig").get("RestartPolicy").get("MaximumRetryCount").asInt()).isEqualTo(3);
  }

  @Test
  void create_cliRunItRm_setsAutoRemoveAndNoRestart() throws Exception {
    UnixHttp.Response r = create("", golden("run-it-rm.json"));
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    ContainerConfig c = api.containers.lastCreateRequest;
    assertThat(c.autoRemove()).isTrue();
    assertThat(c.restartPolicy()).isEqualTo(RestartPolicy.NO);
  }

  @Test
  void create_cliManyFlags_translatesStorageSecurityLimitsAndHealth() throws Exception {
    UnixHttp.Response r = create("?name=many", golden("create-many-flags.json"));
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    ContainerConfig c = api.containers.lastCreateRequest;
    assertThat(c.basic().entrypoint()).containsExactly("");
    assertThat(c.basic().cmd()).containsExactly("echo", "hi");
    assertThat(c.basic().user()).isEqualTo("1000:1000");
    assertThat(c.basic().workingDir()).isEqualTo("/work");
    assertThat(c.basic().hostname()).isEqualTo("box");
    assertThat(c.basic().labels()).containsEntry("a", "b");
    assertThat(c.basic().stopSignal()).isEqualTo("SIGINT");
    assertThat(c.basic().stopTimeout()).isEqualTo(5);
    assertThat(c.basic().exposedPorts()).containsExactly("80/tcp");
    assertThat(c.basic().healthcheck().test()).containsExactly("CMD-SHELL", "true");
    assertThat(c.basic().healthcheck().interval()).isEqualTo(5_000_000_000L);
    assertThat(c.basic().healthcheck().retries()).isEqualTo(2);
    assertThat(c.storage().readOnly()).isTrue();
    assertThat(c.storage().volumes()).containsExactly("/anon");
    assertThat(c.storage().tmpfs()).containsEntry("/run", "size=64m");
    assertThat(c.storage().volumesFrom()).containsExactly("other:ro");
    assertThat(c.storage().mounts()).containsExactly(
        new MountSpec(MountSpec.Type.VOLUME, "named", "/n", false, List.of()),
        new MountSpec(MountSpec.Type.VOLUME, "data", "/data", false, List.of()),
        new MountSpec(MountSpec.Type.BIND, "/srv", "/srv", true, List.of()),
        new MountSpec(MountSpec.Type.TMPFS, "", "/cache", false, List.of()));
    assertThat(c.security().capAdd()).containsExactly("CAP_NET_ADMIN");
    assertThat(c.security().capDrop()).containsExactly("CAP_MKNOD");
    assertThat(c.security().securityOpt()).containsExactly("no-new-privileges");
    assertThat(c.resources().pidsLimit()).isEqualTo(50);
    assertThat(c.resources().memorySwap()).isEqualTo(128L << 20);
    assertThat(c.resources().cpuShares()).isEqualTo(512);
    assertThat(c.resources().ulimits()).containsExactly(new Ulimit("nofile", 1024, 2048));
    assertThat(c.log().config()).containsEntry("max-size", "10m");
    assertThat(c.init()).isTrue();
    assertThat(c.networkMode()).isEqualTo("none");
  }

  /** docker-compose's {@code sysctls} (and {@code docker run --sysctl}) arrive as HostConfig.Sysctls. */
  @Test
  void create_sysctls_reachTheEngineAndInspectShowsThem() throws Exception {
    UnixHttp.Response r = create("?name=tuned", ("{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"bridge\","
        + "\"Sysctls\":{\"net.ipv4.ip_forward\":\"0\",\"kernel.msgmax\":\"65536\"}}}").getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    assertThat(api.containers.lastCreateRequest.security().sysctls())
        .isEqualTo(Map.of("net.ipv4.ip_forward", "0", "kernel.msgmax", "65536"));
    JsonNode host = Json.MAPPER.readTree(UnixHttp.get(api.socket, "/containers/tuned/json").body()).get("HostConfig");
    assertThat(host.get("Sysctls").get("net.ipv4.ip_forward").asText()).isEqualTo("0");
    assertThat(host.get("Sysctls").get("kernel.msgmax").asText()).isEqualTo("65536");

    create("?name=plain", "{\"Image\":\"busybox\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(Json.MAPPER.readTree(UnixHttp.get(api.socket, "/containers/plain/json").body()).get("HostConfig").has("Sysctls")).isFalse();
  }

  @Test
  void create_entrypointNullEmptyAndEmptyString_keepTheirMeaning() throws Exception {
    create("{\"Image\":\"busybox\",\"Cmd\":[\"true\"]}");
    assertThat(api.containers.lastCreateRequest.basic().entrypoint()).isNull();
    create("{\"Image\":\"busybox\",\"Entrypoint\":[],\"Cmd\":[\"true\"]}");
    assertThat(api.containers.lastCreateRequest.basic().entrypoint()).isEmpty();
    create("{\"Image\":\"busybox\",\"Entrypoint\":[\"\"],\"Cmd\":[\"true\"]}");
    assertThat(api.containers.lastCreateRequest.basic().entrypoint()).containsExactly("");
  }

  @Test
  void create_cmdAsStringAndLowerCaseMembers_areAcceptedAsDockerDoes() throws Exception {
    UnixHttp.Response r = create("{\"image\":\"busybox\",\"cmd\":\"true\",\"hostconfig\":{\"memory\":67108864},\"Colour\":\"blue\"}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    assertThat(api.containers.lastCreateRequest.basic().cmd()).containsExactly("true");
    assertThat(api.containers.lastCreateRequest.resources().memory()).isEqualTo(64L << 20);
  }

  @Test
  void create_wrongType_is400NamingTheField() throws Exception {
    UnixHttp.Response r = create("{\"Image\":\"busybox\",\"HostConfig\":{\"Memory\":\"64m\"}}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).contains("HostConfig.Memory");
    UnixHttp.Response env = create("{\"Image\":\"busybox\",\"Env\":{\"A\":\"1\"}}");
    assertThat(env.status()).isEqualTo(400);
    assertThat(env.text()).contains("Env");
  }

  @Test
  void create_badValues_are400WithTheReason() throws Exception {
    assertThat(create("{\"Image\":\"busybox\",\"HostConfig\":{\"Binds\":[\"/a:/b:xx\"]}}").text()).contains("invalid mode: xx");
    assertThat(create("{\"Image\":\"busybox\",\"HostConfig\":{\"Binds\":[\"bad name!:/b\"]}}").status()).isEqualTo(400);
    assertThat(create("{\"Image\":\"busybox\",\"HostConfig\":{\"Mounts\":[{\"Type\":\"npipe\",\"Target\":\"/x\"}]}}").text()).contains("npipe");
    assertThat(create("{\"Image\":\"busybox\",\"HostConfig\":{\"Memory\":1024}}").text()).contains("Minimum memory limit");
    assertThat(create("{\"Image\":\"busybox\",\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"sometimes\"}}}").status()).isEqualTo(400);
    assertThat(create("{\"Image\":\"busybox\",\"StopSignal\":\"SIGFOO\"}").text()).contains("Invalid signal");
    assertThat(create("{\"HostConfig\":{}}").text()).contains("Image");
    assertThat(create("?name=no/slash", "{\"Image\":\"busybox\"}".getBytes(StandardCharsets.UTF_8)).text()).contains("Invalid container name");
    assertThat(create("not json").status()).isEqualTo(400);
  }

  @Test
  void create_hugeBody_is400WithoutReadingItWhole() throws Exception {
    byte[] body = new byte[Params.MAX_JSON_BODY + 10];
    java.util.Arrays.fill(body, (byte) ' ');
    UnixHttp.Response r = create("", body);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).contains("larger than 4 MiB");
  }

  @Test
  void create_unknownImage_is404NoSuchImage() throws Exception {
    UnixHttp.Response r = create("{\"Image\":\"nothere:latest\"}");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.text()).contains("No such image");
  }

  @Test
  void create_nameTaken_is409() throws Exception {
    byte[] body = "{\"Image\":\"busybox\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(create("?name=dup", body).status()).isEqualTo(201);
    UnixHttp.Response again = create("?name=dup", body);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.text()).contains("already in use");
  }
}
