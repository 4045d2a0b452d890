package dev.berth.engine.container;

import static dev.berth.engine.container.NetworkedEngineFixture.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.ContainerService;
import dev.berth.engine.ContainerService.WaitCondition;
import dev.berth.engine.NetworkService;
import dev.berth.engine.NetworkSettings;
import dev.berth.errors.ConflictException;
import dev.berth.network.NetworkDefaults;
import dev.berth.network.PortMapping;
import dev.berth.network.Subnet;
import dev.berth.runtime.container.BasicConfig;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.NetworkConfig;
import dev.berth.runtime.monitor.LogQuery;
import dev.berth.runtime.monitor.LogRecord;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Containers on bridge networks through the real engine: netns, CNI bridge plugin, iptables (own prefix), embedded
 * DNS, published ports, links. Each test gets its own bridge, subnets and chain prefix, and checks that nothing of
 * them is left on the host afterwards.
 */
class ContainerNetworkIT {
  private NetworkedEngineFixture networked;
  private EngineFixture fixture;
  private NetworkDefaults defaults;

  @BeforeEach
  void setUp() throws Exception {
    networked = new NetworkedEngineFixture();
    fixture = networked.fixture();
    defaults = networked.defaults();
  }

  @AfterEach
  void tearDown() throws Exception {
    networked.close();
  }

  private ContainerService svc() {
    return fixture.containers();
  }

  private static ContainerConfig on(NetworkConfig net, String... cmd) {
    return ContainerConfig.of(BasicConfig.of("busybox").withCmd(List.of(cmd))).withNetwork(net);
  }

  private String runDetached(String name, ContainerConfig c) {
    String id = svc().create(name, c).id();
    svc().start(id);
    return id;
  }

  /** Runs to its exit and returns exit code and output. */
  private String runToEnd(String name, ContainerConfig c, int expectedExit) throws Exception {
    String id = svc().create(name, c).id();
    var exit = svc().waitFor(id, WaitCondition.NEXT_EXIT);
    svc().start(id);
    int code = exit.get(60, TimeUnit.SECONDS).statusCode();
    List<LogRecord> records = new ArrayList<>();
    svc().logs(id, LogQuery.ALL, records::add);
    String out = String.join("\n", records.stream().map(LogRecord::text).toList());
    assertThat(code).as("exit of %s, output:\n%s", name, out).isEqualTo(expectedExit);
    return out;
  }

  private static String httpServer() {
    return "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 80 -h /www";
  }

  @Test
  void userNetwork_twoContainers_reachEachOtherByNameAndAlias() throws Exception {
    fixture.engine.networks().create(new NetworkService.CreateRequest("n1", null, null, null, false, null, null, true));
    NetworkConfig n1 = NetworkConfig.of("n1").withEndpoints(Map.of("n1", new NetworkConfig.EndpointConfig(List.of("web"), null)));
    runDetached("srv", on(n1, "sh", "-c", httpServer()));
    // busybox-static's wget resolves through glibc's NSS and crashes; its nslookup has its own resolver
    String get = "for i in 1 2 3 4 5; do ip=$(nslookup %s | sed -n 's/^Address: \\([0-9.]*\\)$/\\1/p'); [ -n \"$ip\" ] && "
        + "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 $ip 80 | grep -v HTTP && break; sleep 0.2; done; echo resolved %s to $ip";
    String out = runToEnd("cli", on(NetworkConfig.of("n1"), "sh", "-c",
        "cat /etc/resolv.conf; " + get.formatted("srv", "srv") + "; " + get.formatted("web", "web")), 0);
    String srvIp = fixture.engine.networks().inspect("n1").containers().values().stream()
        .filter(e -> e.containerName().equals("srv")).findFirst().orElseThrow().endpoint().ipv4();
    assertThat(out).contains("nameserver 127.0.0.11").contains("ndots:0");
    assertThat(out).contains("resolved srv to " + srvIp, "resolved web to " + srvIp);
    assertThat(out.lines().filter(l -> l.matches("[0-9a-f]{12}")).count()).as(out).isEqualTo(2);
  }

  @Test
  void userNetworks_containersOnDifferentNetworks_cannotReachEachOther() throws Exception {
    NetworkService nets = fixture.engine.networks();
    nets.create(new NetworkService.CreateRequest("na", null, null, null, false, null, null, true));
    nets.create(new NetworkService.CreateRequest("nb", null, null, null, false, null, null, true));
    String srv = runDetached("srv", on(NetworkConfig.of("na"), "sh", "-c", httpServer()));
    String ip = svc().inspect(srv).networkSettings().networks().get("na").ipAddress();
    runToEnd("same", on(NetworkConfig.of("na"), "sh", "-c", "for i in 1 2 3 4 5; do printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 " + ip + " 80 | grep 200 && exit 0; sleep 0.2; done; exit 1"), 0);
    runToEnd("other", on(NetworkConfig.of("nb"), "sh", "-c", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 " + ip + " 80 | grep 200"), 1);
  }

  @Test
  void ipam_addressesUniqueReleasedAndKeptAcrossReopen() throws Exception {
    String a = svc().create("ca", on(NetworkConfig.DEFAULT, "true")).id();
    String b = svc().create("cb", on(NetworkConfig.DEFAULT, "true")).id();
    String ipA = svc().inspect(a).networkSettings().networks().get("bridge").ipAddress();
    String ipB = svc().inspect(b).networkSettings().networks().get("bridge").ipAddress();
    assertThat(ipA).isNotEqualTo(ipB).startsWith(Subnet.dotted(defaults.subnet().network()).replaceAll("0$", ""));
    fixture.reopen();
    assertThat(svc().inspect(a).networkSettings().networks().get("bridge").ipAddress()).isEqualTo(ipA);
    svc().remove(a, true, false);
    String c = svc().create("cc", on(NetworkConfig.DEFAULT, "true")).id();
    assertThat(svc().inspect(c).networkSettings().networks().get("bridge").ipAddress()).isEqualTo(ipA);
  }

  @Test
  void publishedPort_reachableOnLoopback_andTakenPortIsAClearErrorLeavingNothing() throws Exception {
    NetworkConfig net = NetworkConfig.DEFAULT.withPorts(List.of(new PortMapping("tcp", 80, "127.0.0.1", 0)), false);
    String srv = runDetached("srv", on(net, "sh", "-c", httpServer()));
    NetworkSettings s = svc().inspect(srv).networkSettings();
    assertThat(s.ports()).hasSize(1);
    int port = s.ports().getFirst().hostPort();
    assertThat(port).isPositive();
    assertThat(s.dockerPorts(List.of()).get("80/tcp")).containsExactly(new NetworkSettings.HostBinding("127.0.0.1", Integer.toString(port)));
    String body = httpGet(port);
    assertThat(body).contains("200 OK");
    assertThat(fixture.engine.networking().firewall().dump()).contains("--dport " + port);

    NetworkConfig same = NetworkConfig.DEFAULT.withPorts(List.of(new PortMapping("tcp", 80, "127.0.0.1", port)), false);
    String second = svc().create("second", on(same, "sh", "-c", httpServer())).id();
    assertThatThrownBy(() -> svc().start(second)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("Bind for 127.0.0.1:" + port + " failed: port is already allocated");
    assertThat(Files.exists(defaults.netnsDir().resolve(second))).isFalse();
    assertThat(svc().inspect(second).container().state().isRunning()).isFalse();
  }

  /**
   * The CNI ADD runs while runc creates the container; when it fails, the start fails with the plugin's error and
   * the created container, its namespace and everything else of its network are gone, and the same container starts
   * once the cause is removed. The bridge plugin refuses a bridge name taken by an interface that is not a bridge.
   */
  @Test
  void start_addFailsDuringOverlappedCreate_leavesNothingAndStartsLater() throws Exception {
    sh("ip link add " + defaults.bridge() + " type veth peer name " + defaults.bridge() + "p");
    String id = svc().create("failing", on(NetworkConfig.DEFAULT, "sleep", "60")).id();
    try {
      assertThatThrownBy(() -> svc().start(id)).hasMessageContaining("attach container " + id + " to network bridge")
          .hasMessageContaining("not a bridge");
    } finally {
      sh("ip link del " + defaults.bridge()); // and its peer
    }
    assertStartLeftNothing(id);

    svc().start(id);
    assertThat(svc().inspect(id).container().state().isRunning()).isTrue();
    assertThat(Files.exists(defaults.netnsDir().resolve(id))).isTrue();
  }

  /**
   * A failure after the ADD in the same overlapped step (the host port is taken): the veth the ADD made leaves the
   * bridge again, as do the namespace, the created container and the rules; the running container keeps its port.
   */
  @Test
  void start_portTakenAfterOverlappedAdd_removesTheVethAndTheCreatedContainer() throws Exception {
    NetworkConfig net = NetworkConfig.DEFAULT.withPorts(List.of(new PortMapping("tcp", 80, "127.0.0.1", 0)), false);
    String first = runDetached("first", on(net, "sleep", "60"));
    int port = svc().inspect(first).networkSettings().ports().getFirst().hostPort();
    List<String> portsBefore = bridgePorts();
    assertThat(portsBefore).hasSize(1);

    NetworkConfig same = NetworkConfig.DEFAULT.withPorts(List.of(new PortMapping("tcp", 80, "127.0.0.1", port)), false);
    String second = svc().create("second", on(same, "sleep", "60")).id();
    assertThatThrownBy(() -> svc().start(second)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("port is already allocated");

    assertStartLeftNothing(second);
    assertThat(bridgePortsOnce(portsBefore)).isEqualTo(portsBefore);
    assertThat(fixture.engine.networking().firewall().dump()).contains("--dport " + port);
  }

  /** After a failed start: not running, no namespace, no runc state or monitor, no rule naming it. */
  private void assertStartLeftNothing(String id) throws Exception {
    assertThat(svc().inspect(id).container().state().isRunning()).isFalse();
    assertThat(Files.exists(defaults.netnsDir().resolve(id))).as("netns file").isFalse();
    assertThat(Files.exists(fixture.execRoot().resolve("runc").resolve(id))).as("runc state").isFalse();
    assertThat(sh("pgrep -a conmon || true")).doesNotContain(id);
    assertThat(fixture.engine.networking().firewall().dump()).doesNotContain(id.substring(0, 12));
  }

  /** The interfaces on this test's bridge (the host ends of veths). */
  private List<String> bridgePorts() throws Exception {
    try (var s = Files.list(Path.of("/sys/class/net", defaults.bridge(), "brif"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** {@link #bridgePorts} once it is {@code expected}, or after 5 s (a namespace's veth goes in the kernel's own time). */
  private List<String> bridgePortsOnce(List<String> expected) throws Exception {
    List<String> now = bridgePorts();
    for (int i = 0; i < 50 && !now.equals(expected); i++) {
      Thread.sleep(100);
      now = bridgePorts();
    }
    return now;
  }

  @Test
  void liveRestore_engineReopened_runningContainerKeepsItsPortAndDns() throws Exception {
    fixture.engine.networks().create(new NetworkService.CreateRequest("lr", null, null, null, false, null, null, true));
    NetworkConfig net = NetworkConfig.of("lr").withPorts(List.of(new PortMapping("tcp", 80, "127.0.0.1", 0)), false);
    String srv = runDetached("srv", on(net, "sh", "-c", httpServer()));
    int port = svc().inspect(srv).networkSettings().ports().getFirst().hostPort();
    assertThat(httpGet(port)).contains("200 OK");
    fixture.reopen();
    assertThat(svc().inspect(srv).container().state().isRunning()).isTrue();
    assertThat(svc().inspect(srv).networkSettings().ports().getFirst().hostPort()).isEqualTo(port);
    assertThat(httpGet(port)).contains("200 OK");
    String out = runToEnd("cli", on(NetworkConfig.of("lr"), "sh", "-c", "nslookup srv"), 0);
    assertThat(out).contains(svc().inspect(srv).networkSettings().networks().get("lr").ipAddress());
  }

  @Test
  void links_defaultBridge_dockersEnvAndHostsEntry() throws Exception {
    ContainerConfig redis = on(NetworkConfig.DEFAULT, "sleep", "60");
    redis = redis.withBasic(redis.basic().withEnv(List.of("REDIS_VERSION=7", "HOME=/root")).withExposedPorts(List.of("6379")));
    String r = runDetached("redis", redis);
    String ip = svc().inspect(r).networkSettings().networks().get("bridge").ipAddress();
    String out = runToEnd("client", on(NetworkConfig.DEFAULT.withLinks(List.of("redis:db")), "sh", "-c", "env; cat /etc/hosts"), 0);
    assertThat(out).contains("DB_PORT=tcp://" + ip + ":6379", "DB_PORT_6379_TCP=tcp://" + ip + ":6379",
        "DB_PORT_6379_TCP_ADDR=" + ip, "DB_PORT_6379_TCP_PORT=6379", "DB_PORT_6379_TCP_PROTO=tcp", "DB_NAME=/client/db",
        "DB_ENV_REDIS_VERSION=7");
    assertThat(out).doesNotContain("DB_ENV_HOME");
    assertThat(out).containsPattern(ip.replace(".", "\\.") + "\\tdb [0-9a-f]{12} redis");
  }

  @Test
  void containerMode_joinsTheOthersNamespace() throws Exception {
    String srv = runDetached("srv", on(NetworkConfig.DEFAULT, "sh", "-c", httpServer()));
    String ip = svc().inspect(srv).networkSettings().networks().get("bridge").ipAddress();
    String out = runToEnd("side", on(NetworkConfig.of("container:srv"), "sh", "-c",
        "ip -4 addr show eth0 || ifconfig eth0; for i in 1 2 3 4 5; do printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 127.0.0.1 80 | grep 200 && exit 0; sleep 0.2; done; exit 1"), 0);
    assertThat(out).contains(ip);
  }

  @Test
  void outbound_containerReachesANamespaceOutsideItsNetwork() throws Exception {
    String ns = "btout" + defaults.chainPrefix().substring(2).toLowerCase();
    String hostIf = "bto" + defaults.chainPrefix().substring(2).toLowerCase();
    int third = ThreadLocalRandom.current().nextInt(256);
    String outer = "10.250." + third + ".1";
    String inner = "10.250." + third + ".2";
    try {
      sh("ip netns add " + ns + " && ip link add " + hostIf + " type veth peer name eth0 netns " + ns
          + " && ip addr add " + outer + "/24 dev " + hostIf + " && ip link set " + hostIf + " up"
          + " && ip -n " + ns + " addr add " + inner + "/24 dev eth0 && ip -n " + ns + " link set eth0 up && ip -n " + ns + " link set lo up"
          + " && ip -n " + ns + " route add default via " + outer);
      Process nc = new ProcessBuilder("ip", "netns", "exec", ns, "busybox", "nc", "-l", "-p", "7777").redirectErrorStream(true).start();
      try {
        Thread.sleep(300);
        runToEnd("out", on(NetworkConfig.DEFAULT, "sh", "-c", "echo hello-out | nc -w 2 " + inner + " 7777"), 0);
        assertThat(nc.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(nc.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("hello-out");
      } finally {
        nc.destroyForcibly();
      }
    } finally {
      sh("ip link del " + hostIf + " 2>/dev/null; ip netns del " + ns + " 2>/dev/null; true");
    }
  }

  /**
   * The start cost: {@code run --rm busybox true} on the default bridge against {@code --network none},
   * alternated, median of each (printed for the report); both must run cleanly every time.
   */
  @Test
  void startCost_bridgeAgainstNone_measured() throws Exception {
    List<Long> bridge = new ArrayList<>();
    List<Long> none = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      none.add(runRm(NetworkConfig.of("none")));
      bridge.add(runRm(NetworkConfig.DEFAULT));
    }
    bridge.removeFirst();
    none.removeFirst();
    long b = bridge.stream().sorted().toList().get(bridge.size() / 2);
    long n = none.stream().sorted().toList().get(none.size() / 2);
    System.out.printf("start cost (create+start+exit+remove, median of 8): bridge %d ms, none %d ms, bridge adds %d ms%n",
        b / 1_000_000, n / 1_000_000, (b - n) / 1_000_000);
    assertThat(svc().list(ContainerService.ListOptions.ALL)).isEmpty();
  }

  private long runRm(NetworkConfig net) throws Exception {
    long t0 = System.nanoTime();
    String id = svc().create(null, on(net, "true")).id();
    var exit = svc().waitFor(id, WaitCondition.NEXT_EXIT);
    svc().start(id);
    assertThat(exit.get(30, TimeUnit.SECONDS).statusCode()).isZero();
    svc().remove(id, false, false);
    return System.nanoTime() - t0;
  }

  /**
   * GET / on 127.0.0.1:port, retried for 10 s while the container's httpd starts: until it listens, the proxy
   * closes the client's connection (a reset or an empty reply).
   */
  private static String httpGet(int port) throws Exception {
    java.io.IOException last = null;
    for (int i = 0; i < 50; i++) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 3000);
        s.setSoTimeout(5000);
        s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        try (InputStream in = s.getInputStream()) {
          String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          if (!reply.isEmpty()) return reply;
          last = new java.io.IOException("empty reply");
        }
      } catch (java.io.IOException e) {
        last = e;
      }
      Thread.sleep(200);
    }
    throw last;
  }
}
