package dev.berth.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.Berthd;
import dev.berth.daemon.DaemonConfig;
import dev.berth.daemon.RunningDaemon;
import dev.berth.network.NetworkDefaults;
import dev.berth.network.Subnet;
import dev.berth.testing.CliRun;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code berth apply} and {@code berth stack ...} as a user runs them, against a real berthd (overlay, runc,
 * conmon, its own bridge, subnets and iptables prefix) with the busybox image: converge, re-apply with nothing
 * to do, a targeted recreate, dry runs, broken files refused before anything is made, a build: service, the
 * docs' example, and ls/ps/logs/down. Every test leaves no container, network or volume behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StackApplyIT {
  /** Runs until stopped, and stops at once on SIGTERM. */
  private static final String SLEEP = "trap 'exit 0' TERM; sleep 3600 & wait";

  private Path root;
  private NetworkDefaults network;
  private RunningDaemon daemon;

  @BeforeAll
  void start() throws Exception {
    root = Files.createTempDirectory("berth-stack-it-");
    String tag = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(256), (byte) ThreadLocalRandom.current().nextInt(256)});
    int a = 100 + ThreadLocalRandom.current().nextInt(50);
    int b = ThreadLocalRandom.current().nextInt(256);
    network = new NetworkDefaults("bs" + tag + "0", Subnet.parse("10." + a + "." + b + ".0/24"),
        Subnet.parse("10." + (a + 60) + ".0.0/16"), "BS" + tag.toUpperCase(), "s" + tag + "-", root.resolve("run/netns"));
    daemon = Berthd.start(DaemonConfig.forTest(root).withStorageDriver("overlay").withNetwork(network));
    ok("image", "bootstrap", "busybox");
  }

  @AfterEach
  void downEverything() {
    for (String line : berth("stack", "ls", "--format", "{{.Name}}").out().split("\n")) {
      if (!line.isBlank()) berth("stack", "down", "-v", line.strip());
    }
    for (String id : berth("ps", "-aq").out().split("\\s+")) if (!id.isBlank()) berth("rm", "-f", "-v", id);
    for (String v : berth("volume", "ls", "-q").out().split("\\s+")) if (!v.isBlank()) berth("volume", "rm", "-f", v);
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (daemon != null) daemon.close();
    } finally {
      try {
        new dev.berth.network.firewall.Firewall(network.chainPrefix()).uninstall();
      } finally {
        sh("for l in $(ls /sys/class/net | grep -e '^" + network.bridgePrefix() + "' -e '^" + network.bridge() + "$'); do ip link del $l; done; true");
        dev.berth.sys.FileTrees.delete(root);
      }
    }
    assertThat(sh("iptables-save")).doesNotContain(network.chainPrefix() + "-");
  }

  private CliRun berth(Map<String, String> env, String... args) {
    Map<String, String> all = new HashMap<>(env);
    all.put("BERTH_HOST", daemon.dockerHost());
    all.put("HOME", root.toString());
    return CliRun.run(all, new byte[0], false, Clock.systemUTC(), args);
  }

  private CliRun berth(String... args) {
    return berth(Map.of(), args);
  }

  private CliRun ok(Map<String, String> env, String... args) {
    CliRun r = berth(env, args);
    assertThat(r.status()).as("berth %s\nstdout: %s\nstderr: %s", String.join(" ", args), r.out(), r.err()).isZero();
    return r;
  }

  private CliRun ok(String... args) {
    return ok(Map.of(), args);
  }

  private static String sh(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }

  private Path write(String dir, String name, String text) throws IOException {
    Path d = Files.createDirectories(root.resolve("stacks").resolve(dir));
    return Files.writeString(d.resolve(name), text);
  }

  /** Service name to full container ID, from {@code stack ps}. */
  private Map<String, String> ids(String project) {
    Map<String, String> ids = new LinkedHashMap<>();
    for (String line : ok("stack", "ps", project, "-a", "--no-trunc", "--format", "{{.Service}} {{.ID}}").out().split("\n")) {
      if (line.isBlank()) continue;
      String[] parts = line.strip().split(" ");
      ids.put(parts[0], parts[1]);
    }
    return ids;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String httpGet(int port) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Exception last = null;
    for (int i = 0; i < 50; i++) {
      try {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
      } catch (IOException e) {
        last = e;
        Thread.sleep(200);
      }
    }
    throw last;
  }

  private static final String SHOP = """
      services:
        db:
          image: busybox
          command: ["sh", "-c", "%1$s"]
          healthcheck:
            test: ["CMD", "true"]
            interval: 1s
        web:
          image: busybox
          command: sh -c 'echo "shop page" > /www/index.html && exec httpd -f -p 80 -h /www'
          ports: ["127.0.0.1:${WEB_PORT}:80"]
          volumes: ["site:/www"]
        worker:
          image: busybox
          command: ["sh", "-c", "echo \\"worker up: $$GREETING\\"; %1$s"]
          environment:
            GREETING: ${GREETING:-hello}
          depends_on:
            db:
              condition: service_healthy
            web:
      volumes:
        site:
      """.formatted(SLEEP);

  @Test
  void apply_threeServices_convergesThenKeepsThenRecreatesOnlyTheChangedOne() throws Exception {
    int port = freePort();
    Path file = write("shop", "stack.yml", SHOP);
    Map<String, String> env = Map.of("WEB_PORT", Integer.toString(port));

    CliRun first = ok(env, "apply", "-f", file.toString());
    assertThat(first.out()).contains("service db: created", "service web: created", "service worker: created")
        .contains("network shop_default: created").contains("volume shop_site: created");
    assertThat(first.out().strip().lines().toList().getLast()).startsWith("shop: ").contains("created");
    assertThat(httpGet(port)).isEqualTo("shop page\n");
    Map<String, String> before = ids("shop");
    assertThat(before.keySet()).containsExactly("db", "web", "worker");

    CliRun second = ok(env, "apply", "-f", file.toString());
    assertThat(second.out().strip().lines().toList().getLast()).isEqualTo("shop: up to date, nothing changed");
    assertThat(ids("shop")).isEqualTo(before);

    Map<String, String> changed = Map.of("WEB_PORT", Integer.toString(port), "GREETING", "bonjour");
    CliRun dry = ok(changed, "apply", "--dry-run", "-f", file.toString());
    assertThat(dry.out()).containsPattern("recreate\\s+service\\s+worker\\s+config changed: environment")
        .containsPattern("keep\\s+service\\s+web").startsWith("ACTION");
    assertThat(ids("shop")).isEqualTo(before);

    CliRun third = ok(changed, "apply", "-f", file.toString());
    assertThat(third.out()).contains("service worker: recreated (config changed: environment)").contains("service web: unchanged");
    Map<String, String> after = ids("shop");
    assertThat(after.get("db")).isEqualTo(before.get("db"));
    assertThat(after.get("web")).isEqualTo(before.get("web"));
    assertThat(after.get("worker")).isNotEqualTo(before.get("worker"));

    assertThat(ok("stack", "ls").out()).containsPattern("shop\\s+db,web,worker\\s+3/3");
    assertThat(ok("stack", "ps", "shop").out()).startsWith("CONTAINER ID").containsPattern("shop-worker-1\\s+worker");
    assertThat(ok("stack", "logs", "shop", "worker").out()).contains("worker-1 | worker up: bonjour");
    assertThat(ok("stack", "logs", "--tail", "1", "shop").out()).contains("worker-1 | worker up: bonjour");

    CliRun[] follow = new CliRun[1];
    Thread follower = Thread.ofVirtual().start(() -> follow[0] = berth("stack", "logs", "-f", "shop", "worker"));
    Path withoutWorker = write("shop", "stack.yml", SHOP.substring(0, SHOP.indexOf("  worker:")) + "volumes:\n  site:\n");
    CliRun kept = ok(changed, "apply", "-f", withoutWorker.toString());
    assertThat(kept.out()).contains("service shop-worker-1: unchanged").contains("--remove-orphans");
    assertThat(ids("shop")).containsKey("worker");
    CliRun removed = ok(changed, "apply", "--remove-orphans", "-f", withoutWorker.toString());
    assertThat(removed.out()).contains("service shop-worker-1: removed");
    assertThat(ids("shop").keySet()).containsExactly("db", "web");
    follower.join(Duration.ofSeconds(30));
    assertThat(follower.isAlive()).as("logs -f ends when the followed container goes").isFalse();
    assertThat(follow[0].out()).contains("worker-1 | worker up: bonjour");

    CliRun down = ok("stack", "down", "-v", "shop");
    assertThat(down.out()).contains("Removed container shop-db-1", "Removed network shop_default", "Removed volume shop_site");
    assertThat(ok("stack", "ls", "--format", "{{.Name}}").out()).isBlank();
    assertThat(ok("volume", "ls", "-q").out()).doesNotContain("shop_site");
    assertThat(ok("network", "ls", "--format", "{{.Name}}").out()).doesNotContain("shop_default");
  }

  @Test
  void apply_dryRunOnAFreshHost_printsThePlanAndCreatesNothing() throws Exception {
    Path file = write("dry", "stack.yml", SHOP);
    CliRun dry = ok(Map.of("WEB_PORT", Integer.toString(freePort())), "apply", "--dry-run", "-f", file.toString(), "-p", "drytest");
    assertThat(dry.out()).containsPattern("ACTION\\s+KIND\\s+NAME\\s+REASON")
        .containsPattern("create\\s+network\\s+drytest_default").containsPattern("create\\s+volume\\s+drytest_site")
        .containsPattern("create\\s+service\\s+db\\s+no container");
    assertThat(ok("ps", "-aq").out()).isBlank();
    assertThat(ok("volume", "ls", "-q").out()).isBlank();
    assertThat(ok("network", "ls", "--format", "{{.Name}}").out()).doesNotContain("drytest");
  }

  @Test
  void apply_brokenFiles_areRefusedWithTheirLinesAndNothingIsCreated() throws Exception {
    Path badYaml = write("broken", "bad-yaml.yml", "services:\n  web:\n    image: busybox\n   command: [true]\n");
    CliRun r = berth("apply", "-f", badYaml.toString(), "-p", "broken");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains(badYaml + ":4: malformed YAML");

    Path cycle = write("broken", "cycle.yml", """
        services:
          a:
            image: busybox
            depends_on: [b]
          b:
            image: busybox
            depends_on: [a]
        """);
    r = berth("apply", "-f", cycle.toString(), "-p", "broken");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains(cycle + ":4: dependency cycle: a -> b -> a");

    Path unknown = write("broken", "unknown.yml", """
        services:
          web:
            image: busybox
            container_name: web
            depends_on: [database]
        """);
    r = berth("apply", "-f", unknown.toString(), "-p", "broken");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains(unknown + ":4: unsupported key 'container_name' in services.web")
        .contains(unknown + ":5: service web depends on undefined service database");

    Path clash = write("broken", "clash.yml", """
        services:
          a:
            image: busybox
            ports: ["8080:80"]
          b:
            image: busybox
            ports: ["8080:81"]
        """);
    r = berth("apply", "-f", clash.toString(), "-p", "broken");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains(clash + ":7: host port 8080/tcp is published twice: by service b and by service a (line 4)");

    assertThat(ok("ps", "-aq").out()).isBlank();
    assertThat(ok("network", "ls", "--format", "{{.Name}}").out()).doesNotContain("broken");
  }

  @Test
  void apply_missingImageMidApply_failsThatStepKeepsTheRestAndARerunFinishes() throws Exception {
    Path file = write("half", "stack.yml", """
        services:
          ok:
            image: busybox
            command: ["sh", "-c", "%s"]
          ghost:
            image: ghost-image:1
            command: ["sh", "-c", "%s"]
        """.formatted(SLEEP, SLEEP));
    CliRun first = berth("apply", "-f", file.toString());
    assertThat(first.status()).as(first.out() + first.err()).isEqualTo(1);
    assertThat(first.out()).contains("service ok: created").contains("service ghost: FAILED to create")
        .contains("1 failed");
    String okId = ids("half").get("ok");
    ok("tag", "busybox", "ghost-image:1");
    CliRun rerun = ok("apply", "-f", file.toString());
    assertThat(rerun.out()).contains("service ghost: created").contains("service ok: unchanged");
    assertThat(ids("half")).containsEntry("ok", okId).containsKey("ghost");
    ok("stack", "down", "half");
    ok("rmi", "ghost-image:1");
  }

  @Test
  void apply_buildService_buildsTheImageAsProjectServiceAndRunsIt() throws Exception {
    Path file = write("app", "stack.yml", """
        services:
          app:
            build:
              context: ./src
              args:
                MESSAGE: built-by-apply
            command: ["sh", "-c", "cat /message; %s"]
        """.formatted(SLEEP));
    Files.writeString(Files.createDirectories(file.getParent().resolve("src")).resolve("Dockerfile"), """
        FROM busybox
        ARG MESSAGE
        RUN echo "$MESSAGE" > /message
        """);
    CliRun r = ok("apply", "-f", file.toString());
    assertThat(r.out()).contains("Building app as app-app").contains("service app: created");
    assertThat(ok("images", "--format", "{{.Repository}}").out()).contains("app-app");
    assertThat(ok("stack", "logs", "app").out()).contains("app-1 | built-by-apply");
    CliRun again = ok("apply", "-f", file.toString());
    assertThat(again.out()).doesNotContain("Building");
    assertThat(again.out().strip().lines().toList().getLast()).isEqualTo("app: up to date, nothing changed");
    ok("rmi", "-f", "app-app");
  }

  @Test
  void docsExample_runsAsWritten() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "stacks.md"));
    int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
    String yaml = doc.substring(start, doc.indexOf("```", start));
    Path file = write("hello", "compose.yaml", yaml);
    int port = freePort();
    CliRun r = ok(Map.of("WEB_PORT", Integer.toString(port)), "apply", "-f", file.toString());
    assertThat(r.out()).contains("service web: created");
    assertThat(httpGet(port)).isEqualTo("hello from berth\n");
    assertThat(Arrays.stream(ok("stack", "ls", "--format", "{{.Name}}").out().split("\n")).toList()).contains("hello");
    ok("stack", "down", "-v", "hello");
  }
}
