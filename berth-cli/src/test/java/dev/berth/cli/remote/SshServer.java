package dev.berth.cli.remote;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OpenSSH server (Debian's openssh-server) playing a remote host: {@code /usr/sbin/sshd -D -e} on
 * 127.0.0.1 at a free high port, with a config, a host key and an authorized user key of its own under
 * {@code dir}. It lets root log in with that key only. Its sessions get {@code PATH=<dir>/bin:...}, where a
 * wrapper named {@code berth} runs this checkout's CLI with {@code -H <remote daemon>}: so the "remote"
 * {@code berth system dial-stdio} talks to the test's berthd, never to a system one. Nothing under
 * {@code /root/.ssh} or {@code /etc/ssh} is read or written; the system's ssh service is never started.
 */
final class SshServer implements AutoCloseable {
  private static final Path SSHD = Path.of("/usr/sbin/sshd");
  /** sshd insists on its privilege separation directory; it is made when missing and removed with the last server. */
  private static final Path PRIVSEP = Path.of("/run/sshd");
  private static final AtomicInteger PRIVSEP_USERS = new AtomicInteger();
  private static volatile boolean privsepMadeHere;

  private final Path dir;
  private final int port;
  private final Process sshd;

  private SshServer(Path dir, int port, Process sshd) {
    this.dir = dir;
    this.port = port;
    this.sshd = sshd;
  }

  /**
   * Starts a server whose sessions find a {@code berth} bound to {@code remoteDaemon} (a {@code unix://}
   * host); with a null {@code remoteDaemon} the sessions find no {@code berth} at all.
   *
   * @param berth the CLI launcher to wrap ({@code bin/berth} of this checkout)
   */
  static SshServer start(Path dir, Path berth, String remoteDaemon) throws Exception {
    Files.createDirectories(dir.resolve("bin"));
    keygen(dir.resolve("host_key"));
    keygen(dir.resolve("user_key"));
    Files.copy(dir.resolve("user_key.pub"), dir.resolve("authorized_keys"));
    if (remoteDaemon != null) {
      // docker's ssh helper runs `docker system dial-stdio`: the same wrapper serves it
      for (String name : List.of("berth", "docker")) {
        script(dir.resolve("bin").resolve(name), "#!/bin/sh\nexec " + berth + " -H " + remoteDaemon + " \"$@\"\n");
      }
    }
    int port = freePort();
    Files.writeString(dir.resolve("sshd_config"), config(dir, port));
    usePrivsep();
    Process sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
    SshServer server = new SshServer(dir, port, sshd);
    try {
      server.awaitListening();
    } catch (Exception e) {
      server.close();
      throw e;
    }
    return server;
  }

  private static String config(Path dir, int port) {
    return String.join("\n",
        "Port " + port,
        "ListenAddress 127.0.0.1",
        "HostKey " + dir.resolve("host_key"),
        "PidFile " + dir.resolve("sshd.pid"),
        "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
        "PermitRootLogin prohibit-password",
        "PubkeyAuthentication yes",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
        // the temp directory's modes are not the point of these tests
        "StrictModes no",
        "UseDNS no",
        "SetEnv PATH=" + dir.resolve("bin") + ":/usr/bin:/bin",
        "");
  }

  /** ssh://root@127.0.0.1:PORT */
  String uri() {
    return "ssh://root@127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /** The private key the server accepts for root. */
  Path userKey() {
    return dir.resolve("user_key");
  }

  /** A known_hosts file that holds this server's real host key. */
  Path knownHosts() throws IOException {
    return knownHosts("known_hosts", dir.resolve("host_key.pub"));
  }

  /** A known_hosts file that names this server with another key, as after a reinstall or an interception. */
  Path wrongKnownHosts() throws Exception {
    Path other = dir.resolve("other_host_key");
    if (!Files.exists(other)) keygen(other);
    return knownHosts("wrong_known_hosts", dir.resolve("other_host_key.pub"));
  }

  private Path knownHosts(String name, Path publicKey) throws IOException {
    Path file = dir.resolve(name);
    String[] key = Files.readString(publicKey).strip().split(" ");
    Files.writeString(file, "[127.0.0.1]:" + port + " " + key[0] + " " + key[1] + "\n");
    return file;
  }

  /** A fresh key pair the server does not accept. */
  Path strangerKey() throws Exception {
    Path key = dir.resolve("stranger_key");
    if (!Files.exists(key)) keygen(key);
    return key;
  }

  /**
   * An ssh client config (for {@code ssh -F}) that trusts only {@code knownHosts} and offers only
   * {@code identity} (none when null), so that neither ~/.ssh, /etc/ssh nor an agent plays a part.
   */
  Path clientConfig(String name, Path knownHosts, Path identity) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, String.join("\n",
        "Host *",
        "  UserKnownHostsFile " + knownHosts,
        "  GlobalKnownHostsFile /dev/null",
        "  StrictHostKeyChecking yes",
        "  IdentitiesOnly yes",
        "  IdentityAgent none",
        identity == null ? "" : "  IdentityFile " + identity + "\n"));
    return file;
  }

  /**
   * Kills every session sshd runs now (its children, and the remote {@code berth system dial-stdio} under them), as a
   * dropped link ends them; sshd itself goes on listening. Answers how many processes were killed.
   */
  int killSessions() {
    List<ProcessHandle> sessions = sshd.descendants().toList();
    sessions.forEach(ProcessHandle::destroyForcibly);
    return sessions.size();
  }

  /** How many logins sshd accepted so far: each is one ssh bridge the client opened. */
  long logins() throws IOException {
    return log().lines().filter(l -> l.startsWith("Accepted publickey for ")).count();
  }

  /** What sshd logged, for failure messages. */
  String log() throws IOException {
    return Files.readString(dir.resolve("sshd.log"));
  }

  private void awaitListening() throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (true) {
      if (!sshd.isAlive()) throw new IllegalStateException("sshd exited with status " + sshd.exitValue() + ": " + log());
      try (SocketChannel probe = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
        return;
      } catch (IOException e) {
        if (Instant.now().isAfter(deadline)) throw new IllegalStateException("sshd did not listen on port " + port + ": " + log(), e);
        Thread.sleep(50);
      }
    }
  }

  /** Stops sshd and any session it still runs; the last server removes /run/sshd when it made it. */
  @Override
  public void close() throws Exception {
    try {
      sshd.descendants().forEach(ProcessHandle::destroy);
      sshd.destroy();
      if (!sshd.waitFor(10, TimeUnit.SECONDS)) {
        sshd.descendants().forEach(ProcessHandle::destroyForcibly);
        sshd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } finally {
      releasePrivsep();
    }
  }

  private static synchronized void usePrivsep() throws IOException {
    if (PRIVSEP_USERS.getAndIncrement() == 0 && !Files.isDirectory(PRIVSEP)) {
      Files.createDirectory(PRIVSEP, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      privsepMadeHere = true;
    }
  }

  private static synchronized void releasePrivsep() throws IOException {
    if (PRIVSEP_USERS.decrementAndGet() == 0 && privsepMadeHere) {
      Files.deleteIfExists(PRIVSEP);
      privsepMadeHere = false;
    }
  }

  private static void keygen(Path key) throws Exception {
    Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "berth-test", "-f", key.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) throw new IllegalStateException("ssh-keygen failed: " + out);
  }

  private static void script(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }
}
