package dev.berth.daemon.e2e;

import static dev.berth.daemon.e2e.NetTestKit.get;
import static dev.berth.daemon.e2e.NetTestKit.WHO;
import static dev.berth.daemon.e2e.NetTestKit.fetchFrom;
import static dev.berth.daemon.e2e.NetTestKit.seen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.network.NetworkDefaults;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code userland-proxy: false} end to end, with the docker CLI against a berthd with its own bridge, subnets and
 * chain prefix: a published port is reached from 127.0.0.1 by DNAT with no listener on the host port (the
 * container sees the bridge's gateway, as the masquerade of loopback sources gives it) and from another namespace
 * by DNAT (it sees the client); a port already taken stops the start; the container's rules go at stop and rm;
 * a restarted berthd restores them, and one restarted with the proxy back on puts the proxy's OUTPUT jump back;
 * a container that sends packets to 127.0.0.1 through the bridge (which {@code route_localnet} would accept) does
 * not reach a service on the host's loopback.
 */
class DockerUserlandProxyOffIT extends NetworkDaemonTestBase {
  @Override
  protected NetworkDefaults networkDefaults() {
    return NetTestKit.uniqueDefaults("bl").withUserlandProxy(false);
  }

  @Override
  protected void afterStop(Leftovers left) {
    assertThat(left.rules()).as("no chain or rule of the daemon is left, in any table").doesNotContain(defaults.chainPrefix() + "-");
  }

  /** Whether a TCP socket of this host namespace listens on {@code port} (IPv4 or IPv6), from /proc/net/tcp*. */
  private boolean listening(int port) throws Exception {
    String hex = String.format(":%04X", port);
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line : Files.readAllLines(Path.of(table))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 3 && f[1].endsWith(hex) && f[3].equals("0A")) return true;
      }
    }
    return false;
  }

  private String natRules() throws Exception {
    return NetTestKit.sh("iptables-save -t nat");
  }

  private String shortId(String name) throws Exception {
    return d.ok("inspect", "-f", "{{.Id}}", name).out().strip().substring(0, 12);
  }

  @Test
  void publishedPort_fromLoopback_isDnatedWithNoListener_containerSeesTheGateway() throws Exception {
    d.ok("run", "-d", "--name", "who", "-p", "80", "busybox", "sh", "-c", WHO);
    int port = hostPort("who", "80");

    assertThat(seen(get("127.0.0.1", port, "/cgi-bin/ip"))).as("source seen through the loopback masquerade").isEqualTo(gateway());
    assertThat(listening(port)).as("no proxy listens on the host port").isFalse();
    String p = defaults.chainPrefix();
    assertThat(natRules())
        .contains("-A OUTPUT -m addrtype --dst-type LOCAL -j " + p + "-DNAT")
        .doesNotContain("! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j " + p + "-DNAT")
        .containsPattern("-A " + p + "-POSTROUTING -s 127.0.0.0/8 -d [0-9.]+/32 -o " + defaults.bridge()
            + " -p tcp -m tcp --dport 80 -m comment --comment \"berth c=" + shortId("who") + "\" -j MASQUERADE");
    assertThat(Files.readString(Path.of("/proc/sys/net/ipv4/conf", defaults.bridge(), "route_localnet")).strip()).isEqualTo("1");
  }

  @Test
  void publishedPort_fromAnotherNamespace_isDnated_containerSeesTheClient() throws Exception {
    try (NetTestKit.PeerNs ns = NetTestKit.PeerNs.create("bl")) {
      d.ok("run", "-d", "--name", "who", "-p", "80", "busybox", "sh", "-c", WHO);
      int port = hostPort("who", "80");
      assertThat(seen(fetchFrom(ns, ns.hostAddress(), port))).isEqualTo(ns.address());
    }
  }

  @Test
  void portOnLoopbackOnly_reachedOn127001_notOnAnotherHostAddress() throws Exception {
    try (NetTestKit.PeerNs ns = NetTestKit.PeerNs.create("bm")) {
      d.ok("run", "-d", "--name", "lo", "-p", "127.0.0.1::80", "busybox", "sh", "-c", WHO);
      int port = hostPort("lo", "80");
      assertThat(d.ok("port", "lo", "80").out().trim()).isEqualTo("127.0.0.1:" + port);
      assertThat(seen(get("127.0.0.1", port, "/cgi-bin/ip"))).isEqualTo(gateway());
      String fromNs = ns.exec("printf 'GET /cgi-bin/ip HTTP/1.0\\r\\n\\r\\n' | nc -w 2 " + ns.hostAddress() + " " + port + "; echo rc=$?");
      assertThat(fromNs).doesNotContain("ip=");
    }
  }

  @Test
  void portTaken_byAnotherProgramOrContainer_startFailsWithPortAlreadyAllocated() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
      int port = taken.getLocalPort();
      ContainerDaemon.Result r = d.docker("run", "-d", "--name", "late", "-p", port + ":80", "busybox", "sh", "-c", WHO);
      assertThat(r.exit()).as(r.both()).isNotZero();
      assertThat(r.err()).contains("Bind for 0.0.0.0:" + port + " failed: port is already allocated");
      assertThat(d.ok("inspect", "-f", "{{.State.Running}}", "late").out().strip()).isEqualTo("false");
      assertThat(natRules()).doesNotContain("berth c=" + shortId("late"));
    }
    d.ok("run", "-d", "--name", "first", "-p", "80", "busybox", "sh", "-c", WHO);
    int port = hostPort("first", "80");
    ContainerDaemon.Result second = d.docker("run", "-d", "--name", "second", "-p", port + ":80", "busybox", "sh", "-c", WHO);
    assertThat(second.err()).contains("port is already allocated");
    assertThat(seen(get("127.0.0.1", port, "/cgi-bin/ip"))).as("the first one still answers").isEqualTo(gateway());
  }

  @Test
  void stopAndRm_removeTheContainersRules_andFreeThePort() throws Exception {
    d.ok("run", "-d", "--name", "who", "-p", "80", "busybox", "sh", "-c", WHO);
    int port = hostPort("who", "80");
    String tag = "berth c=" + shortId("who");
    assertThat(seen(get("127.0.0.1", port, "/cgi-bin/ip"))).isEqualTo(gateway());
    assertThat(natRules()).contains(tag);

    d.ok("stop", "-t", "1", "who");
    assertThat(natRules()).doesNotContain(tag);
    assertThat(NetTestKit.sh("iptables-save -t filter")).doesNotContain(tag);
    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
      assertThat(again.getLocalPort()).as("the port is free once the container stopped").isEqualTo(port);
    }

    d.ok("start", "who");
    int port2 = hostPort("who", "80");
    assertThat(seen(get("127.0.0.1", port2, "/cgi-bin/ip"))).isEqualTo(gateway());
    d.ok("rm", "-f", "who");
    assertThat(natRules() + NetTestKit.sh("iptables-save -t filter")).doesNotContain(tag);
  }

  @Test
  void berthdRestart_restoresTheRules_andWithTheProxyBackOn_servesLoopbackThroughIt() throws Exception {
    d.ok("run", "-d", "--name", "who", "-p", "80", "busybox", "sh", "-c", WHO);
    int port = hostPort("who", "80");
    String tag = "berth c=" + shortId("who");
    String p = defaults.chainPrefix();
    try {
      d.restartDaemon();
      assertThat(seen(get("127.0.0.1", port, "/cgi-bin/ip"))).isEqualTo(gateway());
      assertThat(listening(port)).isFalse();
      assertThat(natRules()).contains(tag).contains("-A OUTPUT -m addrtype --dst-type LOCAL -j " + p + "-DNAT");

      d.restartDaemon(c -> c.withNetwork(c.network().withUserlandProxy(true)));
      assertThat(natRules())
          .contains("-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j " + p + "-DNAT")
          .doesNotContain("-A OUTPUT -m addrtype --dst-type LOCAL -j " + p + "-DNAT")
          .doesNotContain("-s 127.0.0.0/8");
      assertThat(listening(port)).as("the proxy listens again").isTrue();
      assertThat(seen(get("127.0.0.1", port, "/cgi-bin/ip"))).isEqualTo(gateway());
    } finally {
      d.restartDaemon(c -> c.withNetwork(c.network().withUserlandProxy(false)));
    }
    d.ok("rm", "-f", "who");
    assertThat(natRules()).doesNotContain(tag);
  }

  @Test
  void containerSendingToLoopbackThroughTheBridge_doesNotReachTheHostsLoopback_untilTheRawDropIsGone() throws Exception {
    String p = defaults.chainPrefix();
    try (ServerSocket hostOnly = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.2"))) {
      Thread.ofVirtual().start(() -> {
        while (!hostOnly.isClosed()) {
          try (java.net.Socket s = hostOnly.accept()) {
            s.getOutputStream().write("host-loopback\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          } catch (Exception e) {
            return;
          }
        }
      });
      d.ok("run", "-d", "--name", "who", "-p", "80", "busybox", "sh", "-c", WHO); // a published port: route_localnet on
      assertThat(NetTestKit.sh("iptables-save -t raw")).contains("-A PREROUTING -j " + p + "-LOCALNET")
          .contains("-A " + p + "-LOCALNET -d 127.0.0.0/8 -i " + defaults.bridge() + " -j DROP");
      // the container routes 127.0.0.2 to the gateway instead of its own loopback (needs NET_ADMIN and its own
      // route_localnet), then connects to the host's service on 127.0.0.2, which listens on loopback only
      String probe = "ip route del local 127.0.0.0/8 dev lo table local; ip route add 127.0.0.2/32 via " + gateway()
          + " dev eth0; nc -w 3 127.0.0.2 " + hostOnly.getLocalPort() + " </dev/null; echo rc=$?";
      ContainerDaemon.Result dropped = d.docker("run", "--rm", "--cap-add", "NET_ADMIN", "--sysctl",
          "net.ipv4.conf.all.route_localnet=1", "--sysctl", "net.ipv4.conf.eth0.route_localnet=1", "busybox", "sh", "-c", probe);
      assertThat(dropped.out()).as(dropped.both()).doesNotContain("host-loopback");

      NetTestKit.must("iptables -t raw -F " + p + "-LOCALNET");
      ContainerDaemon.Result through = d.docker("run", "--rm", "--cap-add", "NET_ADMIN", "--sysctl",
          "net.ipv4.conf.all.route_localnet=1", "--sysctl", "net.ipv4.conf.eth0.route_localnet=1", "busybox", "sh", "-c", probe);
      assertThat(through.out()).as("without the drop the same probe reaches the host: %s", through.both()).contains("host-loopback");
    } finally {
      d.removeAll(); // the next apply puts the drop back
    }
    assertThat(NetTestKit.sh("iptables-save -t raw")).contains("-A " + p + "-LOCALNET -d 127.0.0.0/8 -i " + defaults.bridge() + " -j DROP");
  }
}
