package dev.berth.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.DaemonClient;
import dev.berth.daemon.Berthd;
import dev.berth.daemon.DaemonConfig;
import dev.berth.daemon.RunningDaemon;
import dev.berth.network.NetworkDefaults;
import dev.berth.network.Subnet;
import dev.berth.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code berth deploy} (issue 8) end to end: a local berthd holding the images, and two "hosts", each a berthd
 * with its own data root, socket, bridge, subnets and iptables prefix, reached through an sshd of its own
 * ({@link SshServer}, as SshRemoteIT uses it). The CLI runs in this process with
 * {@code BERTH_SSH_COMMAND="ssh -F <a config trusting both servers>"}; what happened on each host is read
 * from its socket directly. It lives in this package for {@link SshServer}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployOverSshIT {
  private static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();
  private static final String SLEEP = "[\"sh\", \"-c\", \"trap 'exit 0' TERM; sleep 3600 & wait\"]";

  private Path root;
  private RunningDaemon local;
  private final List<RunningDaemon> hosts = new ArrayList<>();
  private final List<NetworkDefaults> networks = new ArrayList<>();
  private final List<SshServer> servers = new ArrayList<>();
  private Path config;
  /** A project of each test's own: versions stay on the hosts' data roots between tests. */
  private String project;
  private int tests;

  @BeforeAll
  void start() throws Exception {
    root = Files.createTempDirectory("berth-deploy-");
    local = Berthd.start(DaemonConfig.forTest(root.resolve("local")).withStorageDriver("overlay").withNetwork(network("l", 0)));
    assertThat(CliRun.run(local.dockerHost(), "image", "bootstrap", "busybox").status()).isZero();
    StringBuilder known = new StringBuilder();
    StringBuilder keys = new StringBuilder();
    for (int i = 1; i <= 2; i++) {
      RunningDaemon host = Berthd.start(DaemonConfig.forTest(root.resolve("host" + i)).withStorageDriver("overlay").withNetwork(network("h" + i, i)));
      hosts.add(host);
      SshServer ssh = SshServer.start(root.resolve("ssh" + i), BERTH, host.dockerHost());
      servers.add(ssh);
      known.append(Files.readString(ssh.knownHosts()));
      keys.append("  IdentityFile ").append(ssh.userKey()).append('\n');
    }
    Files.writeString(root.resolve("known_hosts"), known);
    config = Files.writeString(root.resolve("ssh_config"), String.join("\n", "Host *",
        "  UserKnownHostsFile " + root.resolve("known_hosts"), "  GlobalKnownHostsFile /dev/null", "  StrictHostKeyChecking yes",
        "  IdentitiesOnly yes", "  IdentityAgent none", keys.toString()));
  }

  private NetworkDefaults network(String name, int i) {
    String tag = "d" + name + (ProcessHandle.current().pid() % 100);
    NetworkDefaults n = new NetworkDefaults(tag + "0", Subnet.parse("10.21" + i + ".7.0/24"), Subnet.parse("10.22" + i + ".0.0/16"),
        tag.toUpperCase(), tag + "-", root.resolve(name + "/run/netns"));
    networks.add(n);
    return n;
  }

  @org.junit.jupiter.api.BeforeEach
  void newProject() {
    project = "shop" + (++tests);
  }

  @AfterEach
  void downEverything() {
    for (RunningDaemon host : hosts) {
      for (String p : CliRun.run(host.dockerHost(), "stack", "ls", "--format", "{{.Name}}").out().split("\n")) {
        if (!p.isBlank()) CliRun.run(host.dockerHost(), "stack", "down", "-v", p.strip());
      }
      for (String id : CliRun.run(host.dockerHost(), "ps", "-aq").out().split("\\s+")) {
        if (!id.isBlank()) CliRun.run(host.dockerHost(), "rm", "-f", "-v", id);
      }
      for (String id : CliRun.run(host.dockerHost(), "images", "-q").out().split("\\s+")) {
        if (!id.isBlank()) CliRun.run(host.dockerHost(), "rmi", "-f", id);
      }
    }
  }

  @AfterAll
  void stop() throws Exception {
    try {
      for (SshServer s : servers) s.close();
      for (RunningDaemon h : hosts) h.close();
      if (local != null) local.close();
    } finally {
      for (NetworkDefaults n : networks) {
        new dev.berth.network.firewall.Firewall(n.chainPrefix()).uninstall();
        sh("for l in $(ls /sys/class/net | grep -e '^" + n.bridgePrefix() + "' -e '^" + n.bridge() + "$'); do ip link del $l; done; true");
      }
      dev.berth.sys.FileTrees.delete(root);
    }
  }

  // ---- helpers

  private CliRun berth(String... args) {
    return CliRun.run(env(config), new byte[0], false, Clock.systemUTC(), args);
  }

  /** The CLI's environment: the local daemon, and ssh run with {@code sshConfig}. */
  private Map<String, String> env(Path sshConfig) {
    Map<String, String> env = new HashMap<>();
    env.put("BERTH_HOST", local.dockerHost());
    env.put("BERTH_SSH_COMMAND", "ssh -F " + sshConfig);
    env.put("HOME", root.toString());
    return env;
  }

  private CliRun ok(String... args) {
    CliRun r = berth(args);
    assertThat(r.status()).as("berth %s\nstdout: %s\nstderr: %s", String.join(" ", args), r.out(), r.err()).isZero();
    return r;
  }

  /** {@code deploy ... --format json}: the summary row of each host, by host URI. */
  private Map<String, JsonNode> deploy(Path file, String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of("deploy", "-f", file.toString(), "-p", project, "--format", "json"));
    args.addAll(List.of(more));
    servers.forEach(s -> args.add(s.uri()));
    CliRun r = ok(args.toArray(String[]::new));
    return rows(r.out());
  }

  private static Map<String, JsonNode> rows(String out) throws IOException {
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      if (!line.startsWith("{")) continue;
      JsonNode row = DaemonClient.mapper().readTree(line);
      rows.put(row.path("Host").asText(), row);
    }
    return rows;
  }

  private Path stack(String env, String webImage) throws IOException {
    return Files.writeString(root.resolve("stack.yml"), """
        services:
          db:
            image: busybox
            command: %s
          cache:
            image: busybox
            command: %s
            environment:
              MODE: "%s"
          web:
            image: %s
            command: %s
        """.formatted(SLEEP, SLEEP, env, webImage, SLEEP));
  }

  /** Builds {@code tag} on the local daemon: busybox plus one small file, a layer of its own. */
  private void build(String tag, String content) throws IOException {
    Path dir = Files.createDirectories(root.resolve("ctx-" + tag.replace(':', '-')));
    Files.writeString(dir.resolve("version.txt"), content);
    Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nCOPY version.txt /version.txt\n");
    ok("build", "-t", tag, dir.toString());
  }

  /** Builds {@code tag} on the local daemon: busybox plus one file of {@code bytes} random bytes, a big layer. */
  private void buildBig(String tag, int bytes) throws IOException {
    Path dir = Files.createDirectories(root.resolve("ctx-" + tag.replace(':', '-')));
    byte[] data = new byte[bytes];
    new java.util.Random(tag.hashCode()).nextBytes(data);
    Files.write(dir.resolve("big.bin"), data);
    Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nCOPY big.bin /big.bin\n");
    ok("build", "-t", tag, dir.toString());
  }

  /** A clock one second further on at every reading: every in-flight line the CLI may print is printed. */
  private static final class Ticking extends Clock {
    private final java.util.concurrent.atomic.AtomicLong seconds = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public java.time.Instant instant() {
      return java.time.Instant.parse("2026-11-28T12:00:00Z").plusSeconds(seconds.incrementAndGet());
    }
  }

  /**
   * Waits until a host holds a partial upload of more than {@code bytes} (a layer being received), while
   * {@code running} runs; answers its size.
   */
  private static long awaitPartialUpload(Path uploads, long bytes, CompletableFuture<CliRun> running) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (running.isDone()) throw new AssertionError("the deploy ended before a layer was half sent: " + running.get().out());
      if (Files.isDirectory(uploads)) {
        try (var files = Files.list(uploads)) {
          long biggest = files.filter(f -> f.getFileName().toString().startsWith("sha256-")).mapToLong(f -> {
            try {
              return Files.size(f);
            } catch (IOException e) {
              return 0; // committed meanwhile
            }
          }).max().orElse(0);
          if (biggest > bytes) return biggest;
        }
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no upload of more than " + bytes + " bytes appeared under " + uploads);
  }

  /** Service name to container ID on a host. */
  private Map<String, String> ids(RunningDaemon host) {
    Map<String, String> ids = new LinkedHashMap<>();
    CliRun r = CliRun.run(host.dockerHost(), "stack", "ps", project, "-a", "--no-trunc", "--format", "{{.Service}} {{.ID}}");
    for (String line : r.out().split("\n")) {
      if (!line.isBlank()) ids.put(line.strip().split(" ")[0], line.strip().split(" ")[1]);
    }
    return ids;
  }

  private static String env(RunningDaemon host, String container) {
    return CliRun.run(host.dockerHost(), "inspect", "--format", "{{json .Config.Env}}", container).out();
  }

  private static long layerBytes(JsonNode row) {
    return Long.parseLong(row.path("LayerBytes").asText());
  }

  private static String sh(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }

  // ---- tests

  /**
   * {@code berth push ssh://HOST IMAGE}: the first push sends busybox's layer and the image's own; the same push
   * again sends nothing and says "up to date"; a new tag on the same base sends only its own layer. The host
   * holds the image under the same ID.
   */
  @Test
  void push_sshHost_sendsOnlyTheMissingBlobsThenUpToDate() throws Exception {
    build("app:1", "one\n");
    String host = servers.get(0).uri();
    CliRun first = ok("push", host, "app:1");
    assertThat(first.out()).contains("The push refers to app:1 on " + host, ": Pushed ", "app:1: sent ").doesNotContain("Layer already exists");
    String localId = CliRun.run(local.dockerHost(), "image", "inspect", "--format", "{{.Id}}", "app:1").out().strip();
    assertThat(CliRun.run(hosts.get(0).dockerHost(), "image", "inspect", "--format", "{{.Id}}", "app:1").out().strip()).isEqualTo(localId);

    CliRun again = ok("push", host, "app:1");
    assertThat(again.out()).contains(": Layer already exists", "app:1: up to date").doesNotContain(": Pushed");

    build("app:2", "two\n");
    CliRun update = ok("push", host, "app:2");
    assertThat(update.out().lines().filter(l -> l.endsWith(": Layer already exists")).count()).isEqualTo(1);
    assertThat(update.out().lines().filter(l -> l.contains(": Pushed ")).count()).isEqualTo(1);
    long layerBytes = Long.parseLong(update.out().replaceAll("(?s).*\\((\\d+) of layers\\).*", "$1"));
    assertThat(layerBytes).isPositive().isLessThan(20_000);
    assertThat(CliRun.run(hosts.get(1).dockerHost(), "image", "inspect", "app:1").status()).isNotZero();
  }

  @Test
  void deploy_aChangesetsLife_sendsOnlyWhatEachHostLacksAndRecreatesOnlyWhatChanged() throws Exception {
    build("app:1", "one\n");
    Map<String, JsonNode> first = deploy(stack("one", "app:1"));
    assertThat(first).hasSize(2);
    for (JsonNode row : first.values()) {
      assertThat(row.path("Status").asText()).as(row.toString()).isEqualTo("updated");
      assertThat(row.path("Created").asText()).isEqualTo("3");
      assertThat(row.path("ImagesSent").asText()).isEqualTo("2");
      assertThat(layerBytes(row)).isGreaterThan(100_000); // busybox's layer at least
    }
    Map<String, String> before = ids(hosts.get(0));
    assertThat(before).containsOnlyKeys("db", "cache", "web");

    // the same changeset again: nothing sent, nothing recreated
    Map<String, JsonNode> second = deploy(stack("one", "app:1"));
    for (JsonNode row : second.values()) {
      assertThat(row.path("Status").asText()).as(row.toString()).isEqualTo("unchanged");
      assertThat(row.path("Bytes").asText()).isEqualTo("0");
      assertThat(row.path("ImagesUpToDate").asText()).isEqualTo("2");
      assertThat(row.path("Kept").asText()).isEqualTo("3");
    }
    assertThat(ids(hosts.get(0))).isEqualTo(before);

    // one service's environment changes: only that service is recreated
    Map<String, JsonNode> third = deploy(stack("two", "app:1"));
    for (JsonNode row : third.values()) {
      assertThat(row.path("Recreated").asText()).as(row.toString()).isEqualTo("1");
      assertThat(row.path("Kept").asText()).isEqualTo("2");
      assertThat(row.path("Bytes").asText()).isEqualTo("0");
    }
    Map<String, String> afterEnv = ids(hosts.get(0));
    assertThat(afterEnv.get("cache")).isNotEqualTo(before.get("cache"));
    assertThat(afterEnv.get("db")).isEqualTo(before.get("db"));
    assertThat(afterEnv.get("web")).isEqualTo(before.get("web"));
    assertThat(env(hosts.get(0), afterEnv.get("cache"))).contains("MODE=two");

    // a new tag for one service: only its new layer crosses
    build("app:2", "two\n");
    Map<String, JsonNode> fourth = deploy(stack("two", "app:2"));
    for (JsonNode row : fourth.values()) {
      assertThat(row.path("ImagesSent").asText()).as(row.toString()).isEqualTo("1");
      assertThat(row.path("Recreated").asText()).isEqualTo("1");
      assertThat(layerBytes(row)).isPositive().isLessThan(20_000); // one tar of one small file, not busybox again
    }
    assertThat(ids(hosts.get(1)).get("web")).isNotEqualTo(afterEnv.get("web"));

    // history: one version per changing deploy (the unchanged one added none)
    String history = ok("deploy", "history", "-p", project, servers.get(0).uri()).out();
    assertThat(history.lines().skip(1).map(l -> l.split("\\s+")[0]).toList()).as(history).containsExactly("1", "2", "3");

    // rollback on host 1 only: web back on app:1's image, the env stays "two" (version 2's)
    CliRun back = ok("deploy", "--rollback", "-p", project, "--format", "json", servers.get(0).uri());
    JsonNode row = rows(back.out()).get(servers.get(0).uri());
    assertThat(row.path("Recreated").asText()).as(back.out()).isEqualTo("1");
    String web = ids(hosts.get(0)).get("web");
    String image = CliRun.run(hosts.get(0).dockerHost(), "inspect", "--format", "{{.Image}}", web).out().strip();
    String app1 = CliRun.run(local.dockerHost(), "image", "inspect", "--format", "{{.Id}}", "app:1").out().strip();
    assertThat(image).isEqualTo(app1);
    assertThat(ok("deploy", "history", "-p", project, servers.get(0).uri()).out()).contains("rollback to version 2");
    // host 2 was not touched by the rollback
    assertThat(ok("deploy", "history", "-p", project, servers.get(1).uri()).out().lines().count()).isEqualTo(4);
  }

  @Test
  void deploy_envChangeRolledBack_restoresThePreviousEnvironment() throws Exception {
    build("app:1", "one\n");
    deploy(stack("first", "app:1"));
    deploy(stack("second", "app:1"));
    ok("deploy", "--rollback", "-p", project, servers.get(1).uri());
    assertThat(env(hosts.get(1), ids(hosts.get(1)).get("cache"))).contains("MODE=first");
    assertThat(env(hosts.get(0), ids(hosts.get(0)).get("cache"))).contains("MODE=second");
  }

  @Test
  void deployRollback_sameTagRebuilt_runsTheOldImageAndMovesTheTagBack() throws Exception {
    build("app:latest", "old\n");
    String old = CliRun.run(local.dockerHost(), "image", "inspect", "--format", "{{.Id}}", "app:latest").out().strip();
    deploy(stack("one", "app:latest"));
    build("app:latest", "new\n");
    Map<String, JsonNode> rebuilt = deploy(stack("one", "app:latest"));
    assertThat(rebuilt.values()).allSatisfy(row -> assertThat(row.path("Recreated").asText()).as(row.toString()).isEqualTo("1"));
    RunningDaemon host = hosts.get(0);
    assertThat(CliRun.run(host.dockerHost(), "image", "inspect", "--format", "{{.Id}}", "app:latest").out().strip()).isNotEqualTo(old);

    ok("deploy", "--rollback", "-p", project, servers.get(0).uri());
    String web = ids(host).get("web");
    assertThat(CliRun.run(host.dockerHost(), "inspect", "--format", "{{.Image}}", web).out().strip()).isEqualTo(old);
    assertThat(CliRun.run(host.dockerHost(), "image", "inspect", "--format", "{{.Id}}", "app:latest").out().strip()).isEqualTo(old);
  }

  @Test
  void deploy_dryRun_showsEachHostsPlanAndImagesAndChangesNothing() throws Exception {
    build("app:1", "one\n");
    CliRun r = ok("deploy", "--dry-run", "-f", stack("one", "app:1").toString(), "-p", project, servers.get(0).uri(), servers.get(1).uri());
    assertThat(r.out()).contains(servers.get(0).uri() + ":", servers.get(1).uri() + ":", "image app:1: would send", "create")
        .doesNotContain("up to date");
    assertThat(ids(hosts.get(0))).isEmpty();
    assertThat(CliRun.run(hosts.get(0).dockerHost(), "image", "inspect", "app:1").status()).isNotZero();
  }

  @Test
  void deploy_twoAtOnceToOneHost_bothFinishAndTheHostHoldsOneWholeStack() throws Exception {
    build("app:1", "one\n");
    Path a = stack("one", "app:1");
    Path copy = Files.copy(a, root.resolve("stack-copy.yml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      var one = CompletableFuture.supplyAsync(() -> berth("deploy", "-f", a.toString(), "-p", project, servers.get(0).uri()), threads);
      var two = CompletableFuture.supplyAsync(() -> berth("deploy", "-f", copy.toString(), "-p", project, servers.get(0).uri()), threads);
      assertThat(one.get().status()).as(one.get().out() + one.get().err()).isZero();
      assertThat(two.get().status()).as(two.get().out() + two.get().err()).isZero();
    }
    // the engine's apply lock: the second planned after the first had finished, so it kept all three
    Map<String, String> ids = ids(hosts.get(0));
    assertThat(ids).containsOnlyKeys("db", "cache", "web");
    assertThat(CliRun.run(hosts.get(0).dockerHost(), "ps", "-aq").out().lines().filter(l -> !l.isBlank()).count()).isEqualTo(3);
  }

  @Test
  void deploy_unknownHostKeyOnOneHost_thatHostFailsClearlyTheOtherIsDeployed() throws Exception {
    build("app:1", "one\n");
    Path onlyFirst = Files.writeString(root.resolve("ssh_config_one"), Files.readString(config)
        .replace("UserKnownHostsFile " + root.resolve("known_hosts"), "UserKnownHostsFile " + servers.get(0).knownHosts()));
    Map<String, String> env = new HashMap<>(Map.of("BERTH_HOST", local.dockerHost(), "BERTH_SSH_COMMAND", "ssh -F " + onlyFirst,
        "HOME", root.toString()));
    CliRun r = CliRun.run(env, new byte[0], false, Clock.systemUTC(),
        "deploy", "-f", stack("one", "app:1").toString(), "-p", project, servers.get(0).uri(), servers.get(1).uri());
    assertThat(r.status()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).contains("host key").contains("failed");
    assertThat(ids(hosts.get(0))).hasSize(3);
    assertThat(ids(hosts.get(1))).isEmpty();
    assertThat(CliRun.run(hosts.get(1).dockerHost(), "image", "inspect", "app:1").status()).isNotZero();
  }

  @Test
  void deploy_oneHostWithoutBerthd_thatHostFailsClearlyTheOtherIsDeployed() throws Exception {
    build("app:1", "one\n");
    try (SshServer dead = SshServer.start(root.resolve("ssh-dead"), BERTH, "unix://" + root.resolve("no-such.sock"))) {
      Path cfg = Files.writeString(root.resolve("ssh_config_dead"), Files.readString(config).replace(
          "UserKnownHostsFile " + root.resolve("known_hosts"), "UserKnownHostsFile " + root.resolve("known_hosts") + " " + dead.knownHosts())
          + "  IdentityFile " + dead.userKey() + "\n");
      Map<String, String> env = new HashMap<>(Map.of("BERTH_HOST", local.dockerHost(), "BERTH_SSH_COMMAND", "ssh -F " + cfg,
          "HOME", root.toString()));
      CliRun r = CliRun.run(env, new byte[0], false, Clock.systemUTC(),
          "deploy", "-f", stack("one", "app:1").toString(), "-p", project, dead.uri(), servers.get(0).uri());
      assertThat(r.status()).as(r.out() + r.err()).isEqualTo(1);
      assertThat(r.out()).contains("cannot reach its daemon");
      assertThat(ids(hosts.get(0))).hasSize(3);
    }
  }

  @Test
  void deployRollback_withOneVersion_failsClearlyAndChangesNothing() throws Exception {
    build("app:1", "one\n");
    deploy(stack("one", "app:1"));
    Map<String, String> before = ids(hosts.get(0));
    CliRun r = berth("deploy", "--rollback", "-p", project, servers.get(0).uri());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).contains("only one version");
    assertThat(ids(hosts.get(0))).isEqualTo(before);
  }

  /**
   * The ssh session dies while a 48 MB layer is half sent: the host is reported failed with what happened and what
   * to do, it holds no tag of the image and no container of the stack (the stack is applied only once every image
   * is there), and keeps the bytes that arrived. The re-run sends only the rest, shows the layer in flight, and
   * ends with the same image.
   */
  @Test
  void deploy_sshDiesMidLayer_hostFailsClearlyNothingIsAppliedAndTheRerunSendsOnlyTheRest() throws Exception {
    int size = 48 << 20;
    buildBig("big:1", size);
    Path file = Files.writeString(root.resolve("big.yml"), "services:\n  web:\n    image: big:1\n    command: " + SLEEP + "\n");
    SshServer ssh = servers.get(0);
    RunningDaemon host = hosts.get(0);
    Path uploads = root.resolve("host1/data/content/uploads");
    CliRun cut;
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      var running = CompletableFuture.supplyAsync(() -> berth("deploy", "-f", file.toString(), "-p", project, "--format", "json", ssh.uri()), threads);
      awaitPartialUpload(uploads, 4 << 20, running);
      assertThat(ssh.killSessions()).isPositive();
      cut = running.get(120, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(cut.status()).as(cut.out() + cut.err()).isEqualTo(1);
    JsonNode row = rows(cut.out()).get(ssh.uri());
    assertThat(row.path("Status").asText()).isEqualTo("failed");
    assertThat(row.path("Error").asText()).contains("the connection was lost while sending image big:1", "no tag moved",
        "the stack was not applied", "deploy again to send the rest");
    assertThat(CliRun.run(host.dockerHost(), "image", "inspect", "big:1").status()).as("no tag of a half-sent image").isNotZero();
    assertThat(ids(host)).as("no container of a half-applied stack").isEmpty();
    long held;
    try (var files = Files.list(uploads)) {
      held = files.filter(f -> f.getFileName().toString().startsWith("sha256-")).mapToLong(f -> f.toFile().length()).max().orElse(0);
    }
    assertThat(held).as("the bytes that arrived are kept").isPositive();

    CliRun rerun = CliRun.run(env(config), new byte[0], true, new Ticking(),
        "deploy", "-f", file.toString(), "-p", project, "--format", "json", ssh.uri());
    assertThat(rerun.status()).as(rerun.out() + rerun.err()).isZero();
    JsonNode again = rows(rerun.out()).get(ssh.uri());
    assertThat(again.path("Status").asText()).isEqualTo("updated");
    assertThat(again.path("Created").asText()).isEqualTo("1");
    assertThat(layerBytes(again)).as("only the rest of the cut layer").isPositive().isLessThanOrEqualTo(size + 10_000 - held);
    assertThat(rerun.out()).contains(ssh.uri() + ": ").containsPattern(java.util.regex.Pattern.quote(ssh.uri()) + ": [0-9a-f]{12}: Pushing \\[");
    String localId = CliRun.run(local.dockerHost(), "image", "inspect", "--format", "{{.Id}}", "big:1").out().strip();
    assertThat(CliRun.run(host.dockerHost(), "image", "inspect", "--format", "{{.Id}}", "big:1").out().strip()).isEqualTo(localId);
    assertThat(ids(host)).containsOnlyKeys("web");
  }

  /** A key the host does not accept: that host fails with ssh's verdict, and nothing reaches it. */
  @Test
  void deploy_refusedUserKey_failsClearlyAndChangesNothingOnTheHost() throws Exception {
    build("app:1", "one\n");
    SshServer ssh = servers.get(0);
    Path stranger = Files.writeString(root.resolve("ssh_config_stranger"), String.join("\n", "Host *",
        "  UserKnownHostsFile " + root.resolve("known_hosts"), "  GlobalKnownHostsFile /dev/null", "  StrictHostKeyChecking yes",
        "  IdentitiesOnly yes", "  IdentityAgent none", "  IdentityFile " + ssh.strangerKey(), ""));
    CliRun r = CliRun.run(env(stranger), new byte[0], false, Clock.systemUTC(),
        "deploy", "-f", stack("one", "app:1").toString(), "-p", project, "--format", "json", ssh.uri());
    assertThat(r.status()).as(r.out() + r.err()).isEqualTo(1);
    JsonNode row = rows(r.out()).get(ssh.uri());
    assertThat(row.path("Status").asText()).isEqualTo("failed");
    assertThat(row.path("Error").asText()).startsWith("Cannot connect to the Berth daemon at " + ssh.uri() + ": ssh refused the login as root@127.0.0.1 (")
        .contains("Permission denied (publickey)");
    assertThat(row.path("Bytes").asText()).isEqualTo("0");
    RunningDaemon host = hosts.get(0);
    assertThat(CliRun.run(host.dockerHost(), "images", "-q").out()).isBlank();
    assertThat(CliRun.run(host.dockerHost(), "ps", "-aq").out()).isBlank();
    assertThat(CliRun.run(host.dockerHost(), "stack", "ls", "--format", "{{.Name}}").out()).doesNotContain(project);
  }

  /**
   * {@code berth push ssh://} of a 32 MB layer on a terminal shows the layer in flight ({@code Pushing [==>  ] X/Y})
   * before the line that says it is pushed. The clock ticks a second at every reading, so the one-a-second throttle
   * lets every line through however fast the loopback link is.
   */
  @Test
  void push_bigLayerOnATerminal_showsItsBytesInFlightBeforeItIsPushed() throws Exception {
    buildBig("huge:1", 32 << 20);
    CliRun r = CliRun.run(env(config), new byte[0], true, new Ticking(), "push", servers.get(1).uri(), "huge:1");
    assertThat(r.status()).as(r.out() + r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    int pushed = -1;
    for (int i = 0; i < lines.size(); i++) {
      var m = java.util.regex.Pattern.compile("([0-9a-f]{12}): Pushed (\\d+) bytes").matcher(lines.get(i));
      if (m.find() && Long.parseLong(m.group(2)) > 30_000_000) pushed = i;
    }
    assertThat(pushed).as(r.out()).isPositive();
    String id = lines.get(pushed).substring(0, 12);
    List<String> inFlight = lines.subList(0, pushed).stream().filter(l -> l.startsWith(id + ": Pushing [")).toList();
    assertThat(inFlight).as(r.out()).isNotEmpty();
    assertThat(inFlight.getFirst()).matches(java.util.regex.Pattern.quote(id) + ": Pushing \\[=*>? *\\]  [0-9.]+[kM]?B/33\\.[0-9]+MB");
    assertThat(lines.subList(pushed, lines.size())).noneMatch(l -> l.startsWith(id + ": Pushing ["));
  }

  /** A host whose key changed (a reinstall, or someone in the middle): refused before anything is sent. */
  @Test
  void deploy_changedHostKey_failsClearlyAndChangesNothingOnTheHost() throws Exception {
    build("app:1", "one\n");
    SshServer ssh = servers.get(0);
    Path wrong = Files.writeString(root.resolve("ssh_config_wrong"), Files.readString(config)
        .replace("UserKnownHostsFile " + root.resolve("known_hosts"), "UserKnownHostsFile " + ssh.wrongKnownHosts()));
    CliRun r = CliRun.run(env(wrong), new byte[0], false, Clock.systemUTC(),
        "deploy", "-f", stack("one", "app:1").toString(), "-p", project, "--format", "json", ssh.uri());
    assertThat(r.status()).as(r.out() + r.err()).isEqualTo(1);
    JsonNode row = rows(r.out()).get(ssh.uri());
    assertThat(row.path("Status").asText()).isEqualTo("failed");
    assertThat(row.path("Error").asText()).contains("the host key of 127.0.0.1 port " + ssh.port() + " does not match the one in known_hosts");
    RunningDaemon host = hosts.get(0);
    assertThat(CliRun.run(host.dockerHost(), "images", "-q").out()).isBlank();
    assertThat(CliRun.run(host.dockerHost(), "ps", "-aq").out()).isBlank();
  }
}
