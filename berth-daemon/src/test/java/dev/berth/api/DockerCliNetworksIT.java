package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.NetworkSettings;
import dev.berth.engine.NetworkSettings.EndpointSettings;
import dev.berth.network.PortMapping;
import dev.berth.oci.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real docker CLI 28 against the {@code /networks} routes and the networking fields of create, inspect and
 * ps, over the fake engine: what the CLI sends for network create/ls/inspect/connect/disconnect/rm/prune,
 * {@code run -p/-P/--network/--network-alias/--ip/--link}, and how it reads the answers ({@code docker port},
 * ps's PORTS column, inspect templates). The real networking end to end is in the e2e ITs.
 */
class DockerCliNetworksIT {
  private static final String DOCKER = "/usr/local/bin/docker";

  @TempDir Path tmp;
  private ApiTestServer api;

  record Result(int exit, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    api = new ApiTestServer(tmp);
    api.images.add("busybox:latest", "2024-01-02T03:04:05Z", Map.of(), "bb".getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private Result docker(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(DOCKER));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("DOCKER_HOST", "unix://" + api.socket);
    pb.environment().put("DOCKER_CONFIG", tmp.resolve("docker-config").toString());
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Process p = pb.start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("docker " + String.join(" ", args) + " did not finish in 30 s");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private Result ok(String... args) throws Exception {
    Result r = docker(args);
    assertThat(r.exit()).as("docker %s\nstdout: %s\nstderr: %s", String.join(" ", args), r.out(), r.err()).isZero();
    return r;
  }

  @Test
  void networkLifecycle_createLsInspectConnectDisconnectRmPrune() throws Exception {
    String id = ok("network", "create", "--subnet", "10.89.0.0/24", "--gateway", "10.89.0.1", "--label", "t=1", "web").out().trim();
    assertThat(id).matches("[0-9a-f]{64}");
    assertThat(api.networks.lastCreate.subnet()).isEqualTo("10.89.0.0/24");
    String ls = ok("network", "ls").out();
    assertThat(ls.lines().findFirst().orElseThrow()).matches("NETWORK ID +NAME +DRIVER +SCOPE");
    assertThat(ls).containsPattern(id.substring(0, 12) + " +web +bridge +local");
    assertThat(ok("network", "ls", "-q", "--filter", "type=custom").out().trim()).isEqualTo(id.substring(0, 12));
    assertThat(ok("network", "inspect", "-f", "{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}", "web").out().trim())
        .isEqualTo("10.89.0.0/24 10.89.0.1");

    ok("create", "--name", "app", "busybox");
    ok("network", "connect", "--alias", "api", "--ip", "10.89.0.7", "web", "app");
    assertThat(api.networks.calls).contains("connect web app [api] 10.89.0.7");
    JsonNode inspected = Json.MAPPER.readTree(ok("network", "inspect", "web").out()).get(0);
    JsonNode ep = inspected.get("Containers").elements().next();
    assertThat(ep.get("Name").asText()).isEqualTo("app");
    assertThat(ep.get("IPv4Address").asText()).isEqualTo("10.89.0.7/24");

    Result busy = docker("network", "rm", "web");
    assertThat(busy.exit()).isNotZero();
    ok("network", "disconnect", "web", "app");
    ok("network", "create", "idle");
    assertThat(ok("network", "prune", "-f").out()).contains("Deleted Networks:").contains("web").contains("idle");
    assertThat(ok("network", "ls", "--format", "{{.Name}}").out().lines().toList()).containsExactly("bridge", "host", "none");
  }

  @Test
  void networkRm_predefined_isRefusedWithDockersMessage() throws Exception {
    Result r = docker("network", "rm", "bridge");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("bridge is a pre-defined network and cannot be removed");
  }

  @Test
  void run_networkFlags_reachTheEngineAsDockerSendsThem() throws Exception {
    ok("network", "create", "web");
    ok("create", "--name", "svc", "-p", "127.0.0.1:8080:80", "-p", "53/udp", "-P", "--network", "web", "--network-alias", "api",
        "--ip", "10.99.1.9", "--link", "db:database", "--dns", "10.0.0.53", "--add-host", "h:1.2.3.4", "busybox");
    var n = api.containers.lastCreateRequest.network();
    assertThat(n.mode()).isEqualTo("web");
    assertThat(n.ports()).containsExactlyInAnyOrder(new PortMapping("tcp", 80, "127.0.0.1", 8080), new PortMapping("udp", 53, "0.0.0.0", 0));
    assertThat(n.publishAll()).isTrue();
    assertThat(n.endpoint("web").aliases()).containsExactly("api");
    assertThat(n.endpoint("web").ipv4()).isEqualTo("10.99.1.9");
    assertThat(n.links()).hasSize(1);
    assertThat(n.dns()).containsExactly("10.0.0.53");
    assertThat(n.extraHosts()).containsExactly("h:1.2.3.4");
    assertThat(ok("inspect", "-f", "{{json .HostConfig.PortBindings}}", "svc").out()).contains("\"8080\"").contains("127.0.0.1");
  }

  @Test
  void portPsAndInspect_readThePublishedPorts() throws Exception {
    String id = ok("create", "--name", "web1", "--expose", "443", "busybox", "sleep", "9").out().trim();
    api.containers.networkSettings.put(id, new NetworkSettings(Map.of("bridge",
        new EndpointSettings("n1", "e1", "172.30.0.1", "172.30.0.5", 16, "02:42:ac:1e:00:05", List.of(), List.of())),
        List.of(new PortMapping("tcp", 80, "0.0.0.0", 8080), new PortMapping("udp", 53, "127.0.0.1", 32768)), "/run/netns/x"));
    ok("start", "web1");
    assertThat(ok("port", "web1").out().lines().toList()).containsExactlyInAnyOrder("80/tcp -> 0.0.0.0:8080", "53/udp -> 127.0.0.1:32768");
    assertThat(ok("port", "web1", "80").out().trim()).isEqualTo("0.0.0.0:8080");
    assertThat(docker("port", "web1", "443").exit()).isNotZero();
    String ps = ok("ps", "--format", "{{.Ports}}").out().trim();
    assertThat(ps).contains("0.0.0.0:8080->80/tcp").contains("127.0.0.1:32768->53/udp").contains("443/tcp");
    assertThat(ok("inspect", "-f", "{{.NetworkSettings.IPAddress}} {{.NetworkSettings.Networks.bridge.Gateway}}", "web1").out().trim())
        .isEqualTo("172.30.0.5 172.30.0.1");
  }
}
