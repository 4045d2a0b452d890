package dev.berth.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.BusyboxBerthd;
import dev.berth.testing.CliRun;
import dev.berth.testing.ProcessRun;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code berth -H ssh://root@127.0.0.1:PORT ...} as a user runs it ({@code bin/berth}, a process of its own)
 * against a real OpenSSH server ({@link SshServer}) whose sessions reach a real berthd with its own data root
 * and socket. The local side has no daemon at all: whatever works, works through ssh. The ssh client is the
 * system's, given a config of the test's own through {@code BERTH_SSH_COMMAND="ssh -F FILE"}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshRemoteIT {
  private static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();

  private Path root;
  private BusyboxBerthd remote;
  private SshServer ssh;
  private Path config;

  @BeforeAll
  void start() throws Exception {
    root = Files.createTempDirectory("berth-ssh-");
    remote = BusyboxBerthd.start(root.resolve("remote"));
    ssh = SshServer.start(root.resolve("ssh"), BERTH, remote.dockerHost());
    config = ssh.clientConfig("ssh_config", ssh.knownHosts(), ssh.userKey());
  }

  @AfterEach
  void clean() {
    for (String id : local("ps", "-aq").out().split("\\s+")) {
      if (!id.isBlank()) local("rm", "-f", id);
    }
  }

  @AfterAll
  void stop() throws Exception {
    try (AutoCloseable d = remote; AutoCloseable s = ssh) {
      // closed in reverse order: sshd first, then the remote daemon
    } finally {
      dev.berth.sys.FileTrees.delete(root);
    }
  }

  /** The remote daemon, asked directly on its socket: what really happened there. */
  private CliRun local(String... args) {
    return CliRun.run(remote.dockerHost(), args);
  }

  private Map<String, String> env(Path sshConfig) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.keySet().removeAll(List.of("BERTH_HOST", "DOCKER_HOST", "SSH_AUTH_SOCK", "DOCKER_API_VERSION"));
    env.put("BERTH_SSH_COMMAND", "ssh -F " + sshConfig);
    return env;
  }

  private ProcessRun overSsh(String... args) throws Exception {
    return berth(env(config), ssh.uri(), args);
  }

  private ProcessRun berth(Map<String, String> env, String host, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(BERTH.toString()));
    if (host != null) cmd.addAll(List.of("-H", host));
    cmd.addAll(List.of(args));
    return exec(env, cmd);
  }

  private ProcessRun exec(Map<String, String> env, List<String> cmd) throws Exception {
    return exec(env, cmd, new File("/dev/null"));
  }

  private ProcessRun exec(Map<String, String> env, List<String> cmd, File stdin) throws Exception {
    return ProcessRun.run(root, env, cmd, stdin, Duration.ofSeconds(180));
  }

  private ProcessRun ok(String... args) throws Exception {
    ProcessRun r = overSsh(args);
    assertThat(r.exit()).as("berth %s\n%s", String.join(" ", args), r.both()).isZero();
    return r;
  }

  private long remoteContainers() {
    return local("ps", "-aq").out().lines().filter(l -> !l.isBlank()).count();
  }

  @Test
  void ps_overSsh_listsTheRemoteDaemonsContainersThroughOneLogin() throws Exception {
    assertThat(local("create", "--name", "made-on-remote", "busybox", "true").status()).isZero();
    long before = ssh.logins();
    assertThat(ok("ps", "-a", "--format", "{{.Names}} {{.Image}}").out()).isEqualTo("made-on-remote busybox\n");
    // the version ping and the list share one kept-alive bridge
    assertThat(ssh.logins() - before).as(ssh.log()).isEqualTo(1);
  }

  @Test
  void run_overSsh_carriesOutputStreamsAndExitStatus() throws Exception {
    ProcessRun r = overSsh("run", "--rm", "busybox", "sh", "-c", "echo hi; echo oops >&2; exit 3");
    assertThat(r.exit()).as(r.both()).isEqualTo(3);
    assertThat(r.out()).isEqualTo("hi\n");
    assertThat(r.err()).isEqualTo("oops\n");
    assertThat(local("ps", "-aq").out()).isBlank();
  }

  @Test
  void logsFollow_overSsh_streamsAsTheContainerWrites() throws Exception {
    String id = local("run", "-d", "busybox", "sh", "-c", "echo one; while [ ! -f /go ]; do sleep 0.1; done; echo two").out().strip();
    Path out = Files.createTempFile(root, "follow", ".txt");
    ProcessBuilder pb = new ProcessBuilder(BERTH.toString(), "-H", ssh.uri(), "logs", "-f", id)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectOutput(out.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env(config));
    Process follow = pb.start();
    try {
      awaitContent(out, "one\n", follow);
      assertThat(follow.isAlive()).as("logs -f still follows: %s", Files.readString(out)).isTrue();
      assertThat(local("exec", id, "touch", "/go").status()).isZero();
      assertThat(follow.waitFor(60, TimeUnit.SECONDS)).as("logs -f ends with the container").isTrue();
      assertThat(follow.exitValue()).isZero();
      assertThat(Files.readString(out)).isEqualTo("one\ntwo\n");
    } finally {
      follow.descendants().forEach(ProcessHandle::destroy);
      follow.destroy();
    }
  }

  private static void awaitContent(Path file, String text, Process p) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (!Files.readString(file).equals(text)) {
      if (Instant.now().isAfter(deadline) || (!p.isAlive() && !Files.readString(file).equals(text))) {
        throw new AssertionError("expected \"" + text + "\", got \"" + Files.readString(file) + "\" (alive " + p.isAlive() + ")");
      }
      Thread.sleep(100);
    }
  }

  @Test
  void execIt_overSshUnderAPseudoTerminal_getsATerminalOfTheRightSize() throws Exception {
    String id = local("run", "-d", "busybox", "sleep", "300").out().strip();
    String cmd = "stty cols 77 rows 22; " + BERTH + " -H " + ssh.uri() + " exec -it " + id + " sh -c 'tty; stty size; exit 6'";
    ProcessRun r = exec(env(config), List.of("script", "-qec", cmd, "/dev/null"));
    assertThat(r.exit()).as(r.both()).isEqualTo(6);
    assertThat(r.out()).contains("/dev/pts/").contains("22 77");
  }

  @Test
  void runIt_overSshUnderAPseudoTerminal_getsATerminalOfTheRightSize() throws Exception {
    String cmd = "stty cols 91 rows 17; " + BERTH + " -H " + ssh.uri() + " run -it --rm busybox sh -c 'tty; stty size; exit 4'";
    ProcessRun r = exec(env(config), List.of("script", "-qec", cmd, "/dev/null"));
    assertThat(r.exit()).as(r.both()).isEqualTo(4);
    assertThat(r.out()).contains("/dev/pts/").contains("17 91");
  }

  @Test
  void runI_overSsh_stdinReachesTheContainerAndItsEndEndsIt() throws Exception {
    Path input = Files.writeString(root.resolve("input.txt"), "line 1\nline 2\n");
    List<String> cmd = List.of(BERTH.toString(), "-H", ssh.uri(), "run", "-i", "--rm", "busybox", "sh", "-c", "cat; echo done");
    ProcessRun r = exec(env(config), cmd, input.toFile());
    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out()).isEqualTo("line 1\nline 2\ndone\n");
  }

  @Test
  void hostFromEnvironment_berthHostAndDockerHost_reachTheRemote() throws Exception {
    assertThat(local("create", "--name", "env-chosen", "busybox", "true").status()).isZero();
    for (String variable : List.of("BERTH_HOST", "DOCKER_HOST")) {
      Map<String, String> env = env(config);
      env.put(variable, ssh.uri());
      ProcessRun r = berth(env, null, "ps", "-a", "--format", "{{.Names}}");
      assertThat(r.exit()).as(variable + "\n" + r.both()).isZero();
      assertThat(r.out()).isEqualTo("env-chosen\n");
    }
  }

  @Test
  void identityFlag_keyNotInTheConfig_logsInWithIt() throws Exception {
    Path noKey = ssh.clientConfig("ssh_config_nokey", ssh.knownHosts(), null);
    ProcessRun r = berth(env(noKey), ssh.uri(), "-i", ssh.userKey().toString(), "version", "--format", "{{.Server.Os}}");
    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out()).isEqualTo("linux\n");
  }

  @Test
  void unknownHostKey_refusedWithTheCommandThatAcceptsIt() throws Exception {
    Path empty = Files.writeString(root.resolve("empty_known_hosts"), "");
    Path cfg = ssh.clientConfig("ssh_config_unknown", empty, ssh.userKey());
    ProcessRun r = berth(env(cfg), ssh.uri(), "ps");
    assertThat(r.exit()).as(r.both()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("Cannot connect to the Berth daemon at " + ssh.uri() + ": the host key of 127.0.0.1 port " + ssh.port()
        + " is not known: run `ssh -p " + ssh.port() + " root@127.0.0.1` once to check and accept it\n");
  }

  @Test
  void wrongHostKey_refusedAndNothingRuns() throws Exception {
    Path cfg = ssh.clientConfig("ssh_config_wrong", ssh.wrongKnownHosts(), ssh.userKey());
    long before = remoteContainers();
    ProcessRun r = berth(env(cfg), ssh.uri(), "run", "-d", "busybox", "sleep", "300");
    assertThat(r.exit()).as(r.both()).isEqualTo(125);
    assertThat(r.err()).startsWith("berth: Cannot connect to the Berth daemon at " + ssh.uri() + ": the host key of 127.0.0.1 port "
        + ssh.port() + " does not match the one in known_hosts");
    assertThat(remoteContainers()).isEqualTo(before);
  }

  @Test
  void refusedUserKey_saysTheLoginWasRefused() throws Exception {
    Path noKey = ssh.clientConfig("ssh_config_stranger", ssh.knownHosts(), null);
    long before = remoteContainers();
    ProcessRun r = berth(env(noKey), ssh.uri(), "--identity", ssh.strangerKey().toString(), "run", "-d", "busybox", "sleep", "300");
    assertThat(r.exit()).as(r.both()).isEqualTo(125);
    assertThat(r.err()).startsWith("berth: Cannot connect to the Berth daemon at " + ssh.uri() + ": ssh refused the login as root@127.0.0.1 (")
        .contains("Permission denied (publickey)");
    assertThat(remoteContainers()).isEqualTo(before);
  }

  @Test
  void remoteWithoutBerthd_saysTheRemoteDaemonIsDown() throws Exception {
    String nowhere = "unix://" + root.resolve("nobody-listens.sock");
    try (SshServer lonely = SshServer.start(root.resolve("ssh-lonely"), BERTH, nowhere)) {
      Path cfg = lonely.clientConfig("ssh_config", lonely.knownHosts(), lonely.userKey());
      ProcessRun r = berth(env(cfg), lonely.uri(), "ps");
      assertThat(r.exit()).as(r.both()).isEqualTo(1);
      assertThat(r.err()).isEqualTo("Cannot connect to the Berth daemon at " + lonely.uri() + ": the remote berth cannot reach its daemon: "
          + "Cannot connect to the Berth daemon at " + nowhere + ". Is berthd running?\n");
    }
  }

  @Test
  void remoteWithoutBerth_saysBerthIsMissingThere() throws Exception {
    try (SshServer bare = SshServer.start(root.resolve("ssh-bare"), BERTH, null)) {
      Path cfg = bare.clientConfig("ssh_config", bare.knownHosts(), bare.userKey());
      ProcessRun r = berth(env(cfg), bare.uri(), "ps");
      assertThat(r.exit()).as(r.both()).isEqualTo(1);
      assertThat(r.err()).isEqualTo("Cannot connect to the Berth daemon at " + bare.uri()
          + ": the remote host has no `berth` on its PATH: install Berth there (ssh runs `berth system dial-stdio`)\n");
    }
  }

  @Test
  void dockerCli_dockerHostSsh_listsTheRemoteContainers() throws Exception {
    assertThat(local("create", "--name", "seen-by-docker", "busybox", "true").status()).isZero();
    // docker runs `ssh` from the PATH with no way to pass -F: a wrapper earlier on the PATH adds it
    Path bin = Files.createDirectories(root.resolve("docker-client-bin"));
    Path wrapper = bin.resolve("ssh");
    Files.writeString(wrapper, "#!/bin/sh\nexec /usr/bin/ssh -F " + config + " \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> env = env(config);
    env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("DOCKER_HOST", ssh.uri());
    env.put("DOCKER_CONFIG", Files.createDirectories(root.resolve("docker-config")).toString());
    ProcessRun r = exec(env, List.of("docker", "ps", "-a", "--format", "{{.Names}}"));
    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out()).isEqualTo("seen-by-docker\n");
  }
}
