package dev.berth.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cli.Berth;
import dev.berth.cli.CliContext;
import dev.berth.cli.tty.Tty;
import dev.berth.testing.FakeDaemon;
import dev.berth.testing.FakeDaemon.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run -it} on a (fake) terminal: raw mode always given back, the size sent, the detach keys. */
class TerminalRunTest {
  static final String ID = "feed".repeat(16);

  /** Records what the command asks of the terminal. */
  static final class FakeTty implements Tty {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public String makeRaw() {
      calls.add("raw");
      return "saved-settings";
    }

    @Override
    public void restore(String saved) {
      calls.add("restore " + saved);
    }

    @Override
    public Optional<Size> size() {
      return Optional.of(new Size(24, 80));
    }

    @Override
    public void onResize(Runnable action) {
      calls.add("onResize");
    }
  }

  @TempDir Path dir;
  FakeDaemon daemon;
  FakeTty tty = new FakeTty();
  ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    daemon = new FakeDaemon(dir);
    daemon.route("POST /containers/create", Response.json(201, "{\"Id\":\"" + ID + "\"}"));
    daemon.route("POST /containers/" + ID + "/wait", Response.ok("{\"StatusCode\":5}"));
    daemon.route("POST /containers/" + ID + "/resize", Response.ok(""));
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  /** Signals the command asked for, by name; run them to "send" one. */
  final Map<String, Runnable> signals = new java.util.concurrent.ConcurrentHashMap<>();

  int berth(byte[] stdin, String... args) {
    CliContext ctx = new CliContext(Map.of("BERTH_HOST", daemon.host()), new ByteArrayInputStream(stdin), out, new ByteArrayOutputStream(),
        new CliContext.Terminals(true, true), Clock.systemUTC()).tty(tty).signals(signals::put);
    return Berth.run(ctx, args);
  }

  @Test
  void run_withoutTty_forwardsSignalsToTheContainer() throws Exception {
    daemon.route("POST /containers/" + ID + "/start", Response.json(204, ""));
    daemon.route("POST /containers/" + ID + "/kill", Response.json(204, ""));
    CompletableFuture<Void> done = new CompletableFuture<>();
    daemon.hijack("POST /containers/" + ID + "/attach", (request, in, o) -> {
      for (int i = 0; i < 500 && !signals.containsKey("INT"); i++) Thread.sleep(10);
      signals.get("INT").run();
      for (int i = 0; i < 500 && daemon.calls().stream().noneMatch(c -> c.endsWith("/kill")); i++) Thread.sleep(10);
      done.complete(null);
    });
    assertThat(berth(new byte[0], "run", "busybox", "sleep", "100")).isEqualTo(5);
    done.get(10, TimeUnit.SECONDS);
    assertThat(signals).containsOnlyKeys("INT", "TERM", "HUP");
    assertThat(daemon.last("POST /containers/" + ID + "/kill").param("signal")).isEqualTo("SIGINT");
    assertThat(tty.calls).isEmpty();
  }

  @Test
  void run_sigProxyFalse_takesNoSignals() {
    daemon.route("POST /containers/" + ID + "/start", Response.json(204, ""));
    daemon.hijack("POST /containers/" + ID + "/attach", (request, in, o) -> {});
    assertThat(berth(new byte[0], "run", "--sig-proxy=false", "busybox", "true")).isEqualTo(5);
    assertThat(signals).isEmpty();
  }

  @Test
  void runIt_success_rawThenRestoredAndSizeSent() throws Exception {
    daemon.route("POST /containers/" + ID + "/start", Response.json(204, ""));
    daemon.hijack("POST /containers/" + ID + "/attach", (request, in, o) -> o.write("prompt# ".getBytes(StandardCharsets.UTF_8)));
    int status = berth(new byte[0], "run", "-it", "busybox", "sh");
    assertThat(status).isEqualTo(5);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("prompt# ");
    assertThat(tty.calls).containsExactly("raw", "onResize", "restore saved-settings");
    FakeDaemon.Request resize = daemon.last("POST /containers/" + ID + "/resize");
    assertThat(resize.param("h")).isEqualTo("24");
    assertThat(resize.param("w")).isEqualTo("80");
    assertThat(new ObjectMapper().readTree(daemon.last("POST /containers/create").body()).path("HostConfig").path("ConsoleSize").toString())
        .isEqualTo("[24,80]");
  }

  @Test
  void execIt_onATerminal_startsWithTheTerminalsSize() throws Exception {
    daemon.route("GET /containers/web/json", Response.ok("{\"Id\":\"c1\",\"State\":{\"Running\":true}}"));
    daemon.route("POST /containers/web/exec", Response.json(201, "{\"Id\":\"e1\"}"));
    daemon.hijack("POST /exec/e1/start", (request, in, o) -> o.write("# ".getBytes(StandardCharsets.UTF_8)));
    daemon.route("POST /exec/e1/resize", Response.ok(""));
    daemon.route("GET /exec/e1/json", Response.ok("{\"ExitCode\":0,\"Running\":false}"));
    assertThat(berth(new byte[0], "exec", "-it", "web", "sh")).isZero();
    assertThat(new ObjectMapper().readTree(daemon.last("POST /exec/e1/start").body()).path("ConsoleSize").toString()).isEqualTo("[24,80]");
  }

  @Test
  void runIt_startFails_terminalStillRestored() {
    daemon.route("POST /containers/" + ID + "/start", Response.error(500, "runc: cgroup busy"));
    daemon.hijack("POST /containers/" + ID + "/attach", (request, in, o) -> {});
    int status = berth(new byte[0], "run", "-it", "busybox", "sh");
    assertThat(status).isEqualTo(125);
    assertThat(tty.calls).containsExactly("raw", "restore saved-settings");
  }

  @Test
  void runIt_attachRefused_terminalStillRestored() {
    daemon.route("POST /containers/" + ID + "/attach", Response.error(409, "container is not running"));
    int status = berth(new byte[0], "run", "-it", "busybox", "sh");
    assertThat(status).isEqualTo(125);
    assertThat(tty.calls).containsExactly("raw", "restore saved-settings");
  }

  @Test
  void runIt_detachKeys_endSessionWithZeroAndDoNotReachContainer() throws Exception {
    daemon.route("POST /containers/" + ID + "/start", Response.json(204, ""));
    CompletableFuture<String> received = new CompletableFuture<>();
    daemon.hijack("POST /containers/" + ID + "/attach", (request, in, o) -> {
      received.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    });
    int status = berth(new byte[] {'l', 's', 16, 'x', 16, 17, 'n', 'o'}, "run", "-it", "busybox", "sh");
    assertThat(status).isZero();
    assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("ls\u0010x");
    assertThat(tty.calls).contains("raw").last().isEqualTo("restore saved-settings");
  }
}
