package dev.berth.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.UnixHttp;
import dev.berth.daemon.e2e.ContainerDaemon.Result;
import dev.berth.network.NetworkDefaults;
import dev.berth.oci.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Debian's docker-compose 1.29 (Python, docker-py over the Engine API; the docker CLI plays no part) against a real
 * berthd with its own bridge, subnets and chain prefix, on the three-service file in {@code compose/three-services}:
 * a service built from a Dockerfile, a user network with an alias, a named volume shared by two services and a port
 * published on 127.0.0.1. Each test has a project name of its own; what is left is checked through the API. The
 * docker CLI is kept out of docker-compose's way (see {@link #compose(String, Map, String...)}).
 */
class DockerComposeIT {
  private static final String COMPOSE = "/usr/bin/docker-compose";
  private static final String PAGE = "hello from the built web image";

  private static NetworkDefaults defaults;
  private static ContainerDaemon d;
  private static final List<String> bridges = new ArrayList<>();

  private Path project;
  private String name;

  @BeforeAll
  static void start() throws Exception {
    assertThat(Path.of(COMPOSE)).as("docker-compose (Debian's package, installed by scripts/setup.sh)").isExecutable();
    defaults = NetTestKit.uniqueDefaults("bk");
    bridges.add(defaults.bridge());
    d = ContainerDaemon.start(defaults);
  }

  @BeforeEach
  void copyProject() throws Exception {
    name = "bk" + HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(256), (byte) ThreadLocalRandom.current().nextInt(256)});
    project = Files.createTempDirectory(d.root(), "compose-");
    Path source = Path.of(DockerComposeIT.class.getResource("/compose").toURI());
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : files.toList()) {
        Path to = project.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(to);
        else Files.copy(p, to);
      }
    }
  }

  /** Whatever a failed test left: the project (compose's own way), then every container, network and built image. */
  @AfterEach
  void empty() throws Exception {
    try {
      compose(freePort(), "down", "-v", "--rmi", "local", "-t", "1");
      compose("fixed-address", Map.of("GENERATION", "0", "ADDRESS", "-", "SUBNET", "-"), "down", "-v", "-t", "1");
    } finally {
      d.removeAll();
      for (String id : d.docker("network", "ls", "-q", "--no-trunc", "--filter", "type=custom").out().split("\\s+")) {
        if (id.isBlank()) continue;
        bridges.add(defaults.bridgePrefix() + id.substring(0, 8));
        d.docker("network", "rm", id);
      }
      for (String ref : d.docker("images", "--format", "{{.Repository}}:{{.Tag}}").out().split("\\s+")) {
        if (!ref.isBlank() && !ref.startsWith("busybox:")) d.docker("rmi", "-f", ref);
      }
      d.docker("builder", "prune", "-af");
      dev.berth.sys.FileTrees.delete(project);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (d != null) d.close();
    } finally {
      NetTestKit.removeLeftovers(defaults, bridges);
    }
  }

  /**
   * Runs docker-compose on the project's file with this test's project name and {@code WEB_PORT=port}; the Engine API
   * path for builds (no docker CLI, no BuildKit).
   */
  private Result compose(int port, String... args) throws Exception {
    return compose("three-services", Map.of("WEB_PORT", Integer.toString(port)), args);
  }

  /**
   * Runs docker-compose on {@code compose/<file>/docker-compose.yml} with this test's project name and {@code vars}.
   * By default docker-compose 1.29 hands {@code exec} and {@code run} to the docker CLI; {@code
   * COMPOSE_INTERACTIVE_NO_CLI=1} keeps them on docker-py, and {@code COMPOSE_DOCKER_CLI_BUILD=0} keeps builds there.
   */
  private Result compose(String file, Map<String, String> vars, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(COMPOSE, "-f", project.resolve(file).resolve("docker-compose.yml").toString()));
    cmd.addAll(List.of(args));
    Map<String, String> env = new java.util.HashMap<>(vars);
    env.putAll(Map.of("COMPOSE_PROJECT_NAME", name, "COMPOSE_DOCKER_CLI_BUILD", "0", "DOCKER_BUILDKIT", "0",
        "COMPOSE_INTERACTIVE_NO_CLI", "1"));
    return d.exec(cmd, env, 300);
  }

  private Result composeOk(int port, String... args) throws Exception {
    Result r = compose(port, args);
    assertThat(r.exit()).as("docker-compose %s\n%s", String.join(" ", args), r.both()).isZero();
    return r;
  }

  /** {@code docker-compose logs} of one service, polled until it holds every one of {@code wanted} (20 s). */
  private String logsUntil(int port, String service, String... wanted) throws Exception {
    return logsUntil(port, service, 1, wanted);
  }

  /** As {@link #logsUntil(int, String, String...)}, each of {@code wanted} at least {@code times} times. */
  private String logsUntil(int port, String service, int times, String... wanted) throws Exception {
    String logs = "";
    for (int i = 0; i < 100; i++) {
      logs = composeOk(port, "logs", "--no-color", service).out();
      String seen = logs;
      if (Stream.of(wanted).allMatch(w -> seen.split(java.util.regex.Pattern.quote(w), -1).length > times)) return logs;
      Thread.sleep(200);
    }
    throw new AssertionError("logs of " + service + " never showed " + times + " times " + List.of(wanted) + ":\n" + logs);
  }

  /** The rows of {@code docker-compose ps} for this project's containers. */
  private List<String> psRows(int port) throws Exception {
    return composeOk(port, "ps").out().lines().filter(l -> l.startsWith(name + "_")).toList();
  }

  private static boolean isUp(String psRow) {
    return psRow.matches(".*\\s{2,}Up(\\s.*)?");
  }

  /** The value of {@code field} in each element of a JSON array. */
  private static List<String> each(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    if (array != null) array.forEach(n -> out.add(n.get(field).asText()));
    return out;
  }

  /** The IDs of the project's containers by name (project_service_n), through the API with no filter. */
  private Map<String, String> containerIds() throws Exception {
    Map<String, String> out = new java.util.TreeMap<>();
    for (JsonNode c : api("/containers/json?all=1")) {
      String n = c.get("Names").get(0).asText().substring(1);
      if (n.startsWith(name + "_")) out.put(n, c.get("Id").asText());
    }
    return out;
  }

  private static JsonNode api(String uri) throws Exception {
    UnixHttp.Response r = UnixHttp.get(Path.of(d.dockerHost().substring("unix://".length())), uri);
    assertThat(r.status()).as("GET %s: %s", uri, r.text()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean answers(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void upPsLogsExecRestartDown_threeServices_workAsOnDocker_andDownLeavesNothing() throws Exception {
    int port = freePort();
    Leaks idle = d.leaks();
    Result up = composeOk(port, "up", "-d");
    assertThat(up.err()).contains("Creating network \"" + name + "_app\"").contains("Creating volume \"" + name + "_shared\"")
        .contains("Creating " + name + "_web_1").contains("Creating " + name + "_writer_1").contains("Creating " + name + "_client_1");

    List<String> ps = psRows(port);
    assertThat(ps).hasSize(3).allMatch(DockerComposeIT::isUp, "every service Up");
    assertThat(ps).anyMatch(l -> l.startsWith(name + "_web_1 ") && l.contains("127.0.0.1:" + port + "->8080/tcp"));

    logsUntil(port, "client", "client: got " + PAGE, "client: read written by writer");
    logsUntil(port, "writer", "writer: wrote /data/msg");
    String webLogs = logsUntil(port, "web", "web: serving on 8080", "response:200");
    assertThat(webLogs).contains("web_1  ");

    Result exec = composeOk(port, "exec", "-T", "client", "sh", "-c", "cat /data/msg; wget -q -O- http://frontdoor:8080/; nslookup frontdoor");
    assertThat(exec.out()).startsWith("written by writer\n" + PAGE + "\n").contains("Name:\tfrontdoor");
    assertThat(NetTestKit.get("127.0.0.1", port, "/")).contains(PAGE);

    assertThat(composeOk(port, "exec", "-T", "writer", "cat", "/proc/sys/kernel/msgmax").out()).as("sysctls").isEqualTo("65536\n");
    composeOk(port, "exec", "-T", "writer", "sh", "-c", "echo kept across restart > /data/kept");
    Map<String, String> before = containerIds();
    Result restart = composeOk(port, "restart", "-t", "1");
    assertThat(restart.err()).contains("Restarting " + name + "_web_1").contains("Restarting " + name + "_client_1");
    assertThat(containerIds()).as("restart keeps the containers").isEqualTo(before);
    assertThat(psRows(port)).hasSize(3).allMatch(DockerComposeIT::isUp, "every service Up");
    assertThat(composeOk(port, "exec", "-T", "client", "cat", "/data/kept").out()).isEqualTo("kept across restart\n");
    assertThat(NetTestKit.get("127.0.0.1", port, "/")).contains(PAGE);
    logsUntil(port, "client", 2, "client: got " + PAGE, "client: read written by writer");

    Result down = composeOk(port, "down", "-v", "-t", "1");
    assertThat(down.err()).contains("Removing network " + name + "_app").contains("Removing volume " + name + "_shared");
    assertThat(containerIds()).isEmpty();
    assertThat(each(api("/networks"), "Name")).containsExactlyInAnyOrder("bridge", "host", "none");
    assertThat(each(api("/volumes").get("Volumes"), "Name")).isEmpty();
    assertThat(answers(port)).as("the published port is closed").isFalse();
    assertThat(d.leaks()).as("mounts, runc states, monitors, cgroups").isEqualTo(idle);
  }

  @Test
  void up_again_keepsEverything_thenAChangedServiceIsRecreatedAlone() throws Exception {
    int port = freePort();
    composeOk(port, "up", "-d");
    logsUntil(port, "client", "client: got " + PAGE);
    Map<String, String> first = containerIds();
    assertThat(first).containsOnlyKeys(name + "_client_1", name + "_web_1", name + "_writer_1");

    Result again = composeOk(port, "up", "-d");
    assertThat(again.err()).contains(name + "_web_1 is up-to-date").contains(name + "_writer_1 is up-to-date")
        .contains(name + "_client_1 is up-to-date");
    assertThat(containerIds()).isEqualTo(first);

    int moved = freePort();
    Result changed = composeOk(moved, "up", "-d");
    assertThat(changed.err()).contains("Recreating " + name + "_web_1").contains(name + "_writer_1 is up-to-date");
    Map<String, String> second = containerIds();
    assertThat(second).containsOnlyKeys(first.keySet());
    assertThat(second.get(name + "_web_1")).isNotEqualTo(first.get(name + "_web_1"));
    assertThat(second.get(name + "_writer_1")).isEqualTo(first.get(name + "_writer_1"));
    assertThat(second.get(name + "_client_1")).isEqualTo(first.get(name + "_client_1"));
    assertThat(NetTestKit.get("127.0.0.1", moved, "/")).contains(PAGE);
    assertThat(answers(port)).as("the old port is closed").isFalse();
    assertThat(composeOk(moved, "exec", "-T", "client", "wget", "-q", "-O-", "http://frontdoor:8080/").out()).isEqualTo(PAGE + "\n");
  }

  /**
   * docker-compose recreates a service by creating the new container while the old one, stopped and renamed, still
   * exists: with {@code ipv4_address} the new one asks for the address the old one holds. Docker allows that (a
   * stopped container uses no address); only a running container keeps its address from others, at create and at
   * start (shown with the docker CLI at the end).
   */
  @Test
  void up_changedServiceWithAFixedAddress_isRecreatedOnTheSameAddress() throws Exception {
    String base = defaults.pool().toString().replaceFirst("\\.0\\.0/16$", "");
    Map<String, String> vars = new java.util.HashMap<>(Map.of("GENERATION", "1", "ADDRESS", base + ".200.50", "SUBNET", base + ".200.0/24"));
    Result first = compose("fixed-address", vars, "up", "-d");
    assertThat(first.exit()).as(first.both()).isZero();
    String box = name + "_box_1";
    String before = containerIds().get(box);
    String address = "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}";
    assertThat(d.ok("inspect", "-f", address, box).out().trim()).isEqualTo(base + ".200.50");

    vars.put("GENERATION", "2");
    Result second = compose("fixed-address", vars, "up", "-d");
    assertThat(second.exit()).as(second.both()).isZero();
    assertThat(second.err()).contains("Recreating " + box);
    assertThat(containerIds()).containsOnlyKeys(box);
    assertThat(containerIds().get(box)).isNotEqualTo(before);
    assertThat(d.ok("inspect", "-f", address, box).out().trim()).isEqualTo(base + ".200.50");
    assertThat(compose("fixed-address", vars, "exec", "-T", "box", "ip", "-o", "-4", "addr", "show", "eth0").out()).contains(base + ".200.50/24");
    String logs = "";
    for (int i = 0; i < 50 && !logs.contains("box: generation 2"); i++) {
      if (i > 0) Thread.sleep(200);
      logs = compose("fixed-address", vars, "logs", "--no-color").out();
    }
    assertThat(logs).contains("box: generation 2").doesNotContain("generation 1");

    Result clash = d.docker("run", "-d", "--network", name + "_fixed", "--ip", base + ".200.50", "busybox", "sleep", "60");
    assertThat(clash.exit()).as("a second container on the address of a running one").isNotZero();
    assertThat(clash.err()).contains("Address already in use: " + base + ".200.50");

    String network = name + "_fixed";
    d.ok("run", "-d", "--name", "first", "--network", network, "--ip", base + ".200.60", "busybox", "sleep", "600");
    d.ok("stop", "-t", "1", "first");
    d.ok("run", "-d", "--name", "second", "--network", network, "--ip", base + ".200.60", "busybox", "sleep", "600");
    Result restart = d.docker("start", "first");
    assertThat(restart.exit()).as("the stopped holder starts while another runs on its address").isNotZero();
    assertThat(restart.err()).contains("Address already in use: " + base + ".200.60");
    d.ok("rm", "-f", "second");
    d.ok("start", "first");
    assertThat(d.ok("exec", "first", "ip", "-o", "-4", "addr", "show", "eth0").out()).contains(base + ".200.60/24");
  }
}
