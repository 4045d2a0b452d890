package dev.berth.cli.dom0;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.daemon.Berthd;
import dev.berth.daemon.DaemonConfig;
import dev.berth.daemon.RunningDaemon;
import dev.berth.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An in-process berthd (overlay, runc, conmon) with busybox bootstrapped, for dom0 tests: builds images with
 * {@code berth build}, restarts the daemon as a host reboot restarts it (containers keep running: live restore) and
 * waits for each boot's record to finish. {@link #close} removes every container and volume, then stops the daemon
 * and deletes its root.
 */
final class Dom0Daemon implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private DaemonConfig config;
  private RunningDaemon daemon;

  Dom0Daemon(String prefix) throws Exception {
    root = Files.createTempDirectory(prefix);
    config = DaemonConfig.forTest(root).withStorageDriver("overlay");
    daemon = Berthd.start(config);
    try {
      ok("image", "bootstrap", "busybox");
      waitForBoot(1);
    } catch (Exception | AssertionError e) {
      close();
      throw e;
    }
  }

  Path root() {
    return root;
  }

  Path dataRoot() {
    return config.dataRoot();
  }

  CliRun berth(String... args) {
    return CliRun.run(daemon.dockerHost(), args);
  }

  CliRun ok(String... args) {
    CliRun r = berth(args);
    assertThat(r.status()).as("berth %s\nstdout: %s\nstderr: %s", String.join(" ", args), r.out(), r.err()).isZero();
    return r;
  }

  /** Writes a build context (file name to content; "docker" copies the docker CLI) and builds it as {@code tags}. */
  String build(Map<String, String> files, String... tags) throws Exception {
    Path ctx = Files.createTempDirectory(root, "ctx");
    for (var f : files.entrySet()) {
      Path p = ctx.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      if (f.getKey().equals("docker")) Files.copy(Path.of("/usr/local/bin/docker"), p);
      else Files.writeString(p, f.getValue());
    }
    String[] args = new String[2 + 2 * tags.length];
    args[0] = "build";
    args[1] = "-q";
    for (int i = 0; i < tags.length; i++) {
      args[2 + 2 * i] = "-t";
      args[3 + 2 * i] = tags[i];
    }
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = ctx.toString();
    ok(all);
    dev.berth.sys.FileTrees.delete(ctx);
    return imageId(tags[0]);
  }

  String imageId(String ref) {
    return ok("image", "inspect", "--format", "{{.Id}}", ref).out().strip();
  }

  /** Stops berthd (containers keep running) and starts it again with {@code next}; returns the new boot's record. */
  JsonNode restart(DaemonConfig next) throws Exception {
    int previous = status().path("Boots").get(0).path("Number").asInt();
    daemon.close();
    config = next;
    daemon = Berthd.start(config);
    return waitForBoot(previous + 1);
  }

  /** Restarts berthd on an empty boot log (a host that never booted a dom0 image), with the default dom0 image. */
  JsonNode freshHistory() throws Exception {
    daemon.close();
    dev.berth.sys.FileTrees.delete(config.dataRoot().resolve("dom0"));
    config = config.withDom0Image(null);
    daemon = Berthd.start(config);
    return waitForBoot(1);
  }

  JsonNode restart() throws Exception {
    return restart(config);
  }

  DaemonConfig config() {
    return config;
  }

  JsonNode status() throws Exception {
    return JSON.readTree(ok("dom0", "status", "--format", "json").out());
  }

  /** Waits (up to 3 minutes) until boot {@code number} has finished; returns its record. */
  JsonNode waitForBoot(int number) throws Exception {
    long deadline = System.nanoTime() + 180_000_000_000L;
    JsonNode s = null;
    while (System.nanoTime() < deadline) {
      s = status();
      JsonNode newest = s.path("Boots").get(0);
      if (newest != null && newest.path("Number").asInt() >= number && !newest.path("Finished").isNull() && newest.has("Finished")) {
        return newest;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("boot " + number + " did not finish within 3 minutes: " + s);
  }

  /** The step of that name in a boot record. */
  static JsonNode step(JsonNode boot, String name) {
    for (JsonNode s : boot.path("Steps")) if (s.path("Name").asText().equals(name)) return s;
    throw new AssertionError("no step " + name + " in " + boot.toPrettyString());
  }

  /** Polls {@code berth ps -a} (name → state and image) until {@code ready} holds, up to a minute. */
  String waitForPs(Predicate<String> ready) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    String ps = "";
    while (System.nanoTime() < deadline) {
      ps = ok("ps", "-a", "--format", "{{.Names}} {{.State}} {{.ID}}").out();
      if (ready.test(ps)) return ps;
      Thread.sleep(250);
    }
    throw new AssertionError("containers never got ready: " + ps);
  }

  String containerId(String name) {
    return ok("inspect", "--format", "{{.Id}}", name).out().strip();
  }

  /** Removes dom0 first (it could start its containers again), then every container and volume. */
  void removeAll() {
    berth("rm", "-f", "dom0");
    for (String id : berth("ps", "-aq").out().split("\\s+")) if (!id.isBlank()) berth("rm", "-f", "-v", id);
    for (String v : berth("volume", "ls", "-q").out().split("\\s+")) if (!v.isBlank()) berth("volume", "rm", "-f", v);
  }

  @Override
  public void close() throws Exception {
    try {
      removeAll();
    } catch (RuntimeException | AssertionError e) {
      System.err.println("dom0 test cleanup: " + e);
    } finally {
      try {
        daemon.close();
      } finally {
        dev.berth.sys.FileTrees.delete(root);
      }
    }
  }
}
