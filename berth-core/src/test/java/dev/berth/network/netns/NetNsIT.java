package dev.berth.network.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real namespaces (root): made, entered, observed with nsenter and ip, removed. */
class NetNsIT {
  private Path dir;

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createTempDirectory("berth-netns-it");
  }

  @AfterEach
  void tearDown() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      s.forEach(p -> new NetNs(p).delete());
    }
    Files.deleteIfExists(dir);
    assertThat(mountsUnder(dir)).isEmpty();
  }

  @Test
  void create_newName_mountsAnotherNamespaceWithLoopbackUp() throws Exception {
    NetNs ns = NetNs.create(dir, "a");

    assertThat(ns.path()).isEqualTo(dir.resolve("a"));
    assertThat(mountsUnder(dir)).containsExactly(ns.path().toString());
    long inode = (Long) Files.getAttribute(ns.path(), "unix:ino");
    assertThat(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString()).isNotEqualTo("net:[" + inode + "]");
    String lo = run("nsenter", "--net=" + ns.path(), "ip", "-o", "link", "show", "lo");
    assertThat(lo).containsPattern("<[A-Z_,]*\\bUP\\b[A-Z_,]*>");
    assertThat(run("nsenter", "--net=" + ns.path(), "ip", "-o", "link", "show")).doesNotContain("eth0");
  }

  @Test
  void inside_boundSocket_isReachableFromTheNamespaceOnly() throws Exception {
    NetNs ns = NetNs.create(dir, "a");
    try (ServerSocketChannel host = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
      host.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = ((InetSocketAddress) host.getLocalAddress()).getPort();
      // The same address binds again inside: a different network stack.
      try (ServerSocketChannel inner = ns.inside(() -> ServerSocketChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress("127.0.0.1", port)))) {
        inner.configureBlocking(false);
        host.configureBlocking(false);

        try (SocketChannel fromInside = ns.inside(() -> SocketChannel.open(new InetSocketAddress("127.0.0.1", port)))) {
          assertThat(acceptWithin(inner)).as("inside connection reaches the inside listener").isTrue();
          assertThat(host.accept()).as("and not the host's").isNull();
        }
        try (SocketChannel fromHost = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
          assertThat(acceptWithin(host)).as("host connection reaches the host listener").isTrue();
          assertThat(inner.accept()).as("and not the inside one").isNull();
        }
      }
    }
  }

  @Test
  void inside_anyCall_leavesTheCallersNamespaceAlone() throws Exception {
    NetNs ns = NetNs.create(dir, "a");
    Path self = Path.of("/proc/thread-self/ns/net");
    String before = Files.readSymbolicLink(self).toString();

    String seen = ns.inside(() -> Files.readSymbolicLink(self).toString());

    long inode = (Long) Files.getAttribute(ns.path(), "unix:ino");
    assertThat(seen).isEqualTo("net:[" + inode + "]");
    assertThat(Files.readSymbolicLink(self).toString()).isEqualTo(before);
  }

  @Test
  void inside_checkedFailure_becomesSystemExceptionWithCause() {
    NetNs ns = NetNs.create(dir, "a");

    assertThatThrownBy(() -> ns.inside(() -> { throw new IOException("boom"); }))
        .isInstanceOf(SystemException.class).hasMessageContaining(ns.path().toString()).hasMessageContaining("boom")
        .hasCauseInstanceOf(IOException.class);
    assertThatThrownBy(() -> ns.inside(() -> { throw new IllegalStateException("plain"); }))
        .isInstanceOf(IllegalStateException.class).hasMessage("plain");
  }

  @Test
  void inside_deletedNamespace_notFound() {
    NetNs ns = NetNs.create(dir, "a");
    ns.delete();

    assertThatThrownBy(() -> ns.inside(() -> 1)).isInstanceOf(NotFoundException.class)
        .hasMessageContaining(ns.path().toString());
  }

  @Test
  void inside_plainFile_failsWithoutEnteringAnything() throws IOException {
    Path plain = Files.createFile(dir.resolve("plain"));

    assertThatThrownBy(() -> new NetNs(plain).inside(() -> 1)).isInstanceOf(SystemException.class)
        .hasMessageContaining("setns").hasMessageContaining(plain.toString());
  }

  @Test
  void delete_created_leavesNoMountNoFileAndIsQuietTwice() {
    NetNs ns = NetNs.create(dir, "a");

    ns.delete();
    ns.delete();

    assertThat(ns.path()).doesNotExist();
    assertThat(mountsUnder(dir)).isEmpty();
  }

  @Test
  void create_existingName_conflictAndTheExistingOneStays() {
    NetNs ns = NetNs.create(dir, "a");

    assertThatThrownBy(() -> NetNs.create(dir, "a")).isInstanceOf(ConflictException.class).hasMessageContaining("already exists");
    assertThat(mountsUnder(dir)).containsExactly(ns.path().toString());
  }

  @Test
  void create_badName_invalidArgumentAndNothingMade() throws IOException {
    assertThatThrownBy(() -> NetNs.create(dir, "a/b")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> NetNs.create(dir, "..")).isInstanceOf(InvalidArgumentException.class);
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.toList()).isEmpty();
    }
  }

  @Test
  void createDelete_fiftyTimes_leaksNoMountFileOrDescriptor() throws IOException {
    NetNs.create(dir, "warm").delete();
    int fdsBefore = openFds();
    List<Long> nanos = new ArrayList<>();

    for (int i = 0; i < 50; i++) {
      long t0 = System.nanoTime();
      NetNs ns = NetNs.create(dir, "n" + i);
      ns.delete();
      nanos.add(System.nanoTime() - t0);
    }

    assertThat(mountsUnder(dir)).isEmpty();
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.toList()).isEmpty();
    }
    assertThat(openFds()).isLessThanOrEqualTo(fdsBefore);
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("berth-netns"));
    nanos.sort(Comparator.naturalOrder());
    System.out.printf("NetNs create+delete: median %.2f ms, min %.2f ms, max %.2f ms (50 runs)%n",
        nanos.get(25) / 1e6, nanos.getFirst() / 1e6, nanos.getLast() / 1e6);
  }

  @Test
  void create_manyAtOnce_eachGetsItsOwnNamespace() throws Exception {
    List<java.util.concurrent.Future<NetNs>> made = new ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 8; i++) {
        String name = "p" + i;
        made.add(pool.submit(() -> NetNs.create(dir, name)));
      }
    }
    java.util.Set<Long> inodes = new java.util.HashSet<>();
    for (var f : made) inodes.add((Long) Files.getAttribute(f.get().path(), "unix:ino"));

    assertThat(inodes).hasSize(8);
    assertThat(mountsUnder(dir)).hasSize(8);
  }

  private static boolean acceptWithin(ServerSocketChannel server) throws Exception {
    for (int i = 0; i < 200; i++) {
      try (SocketChannel c = server.accept()) {
        if (c != null) return true;
      }
      Thread.sleep(5);
    }
    return false;
  }

  static List<String> mountsUnder(Path dir) {
    try {
      List<String> out = new ArrayList<>();
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String mountPoint = line.split(" ")[4];
        if (mountPoint.startsWith(dir.toString())) out.add(mountPoint);
      }
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int openFds() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      return (int) s.count();
    }
  }

  static String run(String... argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IOException(String.join(" ", argv) + " failed: " + out);
    return out;
  }
}
