package dev.berth.network.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import dev.berth.network.netns.NetNs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real bridge plugin (root) on a bridge of the test's own ({@code bt<random>}, 10.199.R.0/24), between
 * namespaces the test made; everything is removed afterwards, and the removal is checked.
 */
class CniBridgeIT {
  private final CniBridge cni = new CniBridge(CniBridge.PLUGIN_DIR);
  private final List<String> forwardRule = new ArrayList<>();
  private Path dir;
  private String bridge;
  private String net;

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createTempDirectory("berth-cni-it");
    String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    bridge = "bt" + suffix;
    net = "10.199." + ThreadLocalRandom.current().nextInt(1, 255);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (!forwardRule.isEmpty()) {
      List<String> del = new ArrayList<>(List.of("iptables", "-w", "-D", "FORWARD"));
      del.addAll(forwardRule);
      run(del.toArray(String[]::new));
    }
    try (Stream<Path> s = Files.list(dir)) {
      s.forEach(p -> new NetNs(p).delete());
    }
    Files.deleteIfExists(dir);
    cni.deleteBridge(bridge);
    assertThat(Path.of("/sys/class/net", bridge)).doesNotExist();
  }

  @Test
  void add_twoNamespaces_pingEachOtherThroughTheBridge() throws Exception {
    acceptForwardingOnTheTestBridge();
    NetNs a = NetNs.create(dir, "a");
    NetNs b = NetNs.create(dir, "b");

    CniBridge.Result ra = cni.add(attachment("ca", a, 2));
    CniBridge.Result rb = cni.add(attachment("cb", b, 3));

    assertThat(ra.hostVeth()).isNotEqualTo(rb.hostVeth());
    assertThat(nsenter(a, "ip", "-o", "link", "show", "eth0")).contains("link/ether " + ra.mac());
    assertThat(nsenter(b, "ip", "-o", "link", "show", "eth0")).contains("link/ether " + rb.mac());
    assertThat(Files.readSymbolicLink(Path.of("/sys/class/net", ra.hostVeth(), "master")).getFileName())
        .hasToString(bridge);
    assertThat(nsenter(a, "busybox", "ping", "-c1", "-W1", net + ".3")).contains("1 packets received");
    assertThat(nsenter(b, "busybox", "ping", "-c1", "-W1", net + ".2")).contains("1 packets received");
  }

  @Test
  void add_first_putsTheGatewayOnTheBridgeAndADefaultRouteInside() throws Exception {
    NetNs a = NetNs.create(dir, "a");

    cni.add(attachment("ca", a, 2));

    assertThat(run("ip", "-o", "-4", "addr", "show", "dev", bridge)).contains("inet " + net + ".1/24");
    assertThat(nsenter(a, "ip", "-o", "-4", "addr", "show", "dev", "eth0")).contains("inet " + net + ".2/24");
    assertThat(nsenter(a, "ip", "route", "show", "default")).contains("default via " + net + ".1 dev eth0");
  }

  @Test
  void add_first_hostRouteToTheBridgeGetsTheHostInternalCongestionControlAndGoesWithTheBridge() throws Exception {
    NetNs a = NetNs.create(dir, "a");
    NetNs b = NetNs.create(dir, "b");
    String expected = BridgeCongestion.choose(Path.of("/proc/sys/net/ipv4"), System.getProperty(BridgeCongestion.PROPERTY));

    cni.add(attachment("ca", a, 2));
    cni.add(attachment("cb", b, 3));

    assertThat(cni.hostCongestionControl()).isEqualTo(expected);
    String route = run("ip", "-4", "route", "show", net + ".0/24", "dev", bridge);
    assertThat(route).contains("proto kernel").contains("src " + net + ".1");
    if (expected != null) {
      assertThat(route).contains("congctl " + expected);
    } else {
      assertThat(route).doesNotContain("congctl");
    }
    // the containers' routes are theirs: a container's connections may leave the host, where BBR is kept
    assertThat(nsenter(a, "ip", "-4", "route")).doesNotContain("congctl");

    cni.deleteBridge(bridge);
    assertThat(run("ip", "-4", "route", "show", net + ".0/24")).isBlank();
  }

  @Test
  void del_attached_removesBothEndsOfTheVethAndIsQuietTwice() throws Exception {
    NetNs a = NetNs.create(dir, "a");
    CniBridge.Attachment att = attachment("ca", a, 2);
    CniBridge.Result r = cni.add(att);

    cni.del(att);
    cni.del(att);

    assertThat(Path.of("/sys/class/net", r.hostVeth())).doesNotExist();
    assertThat(nsenter(a, "ip", "-o", "link", "show")).doesNotContain("eth0");
    assertThat(bridgePorts()).isEmpty();
  }

  @Test
  void del_namespaceAlreadyGone_isQuiet() throws Exception {
    NetNs a = NetNs.create(dir, "a");
    CniBridge.Attachment att = attachment("ca", a, 2);
    CniBridge.Result r = cni.add(att);
    a.delete();

    assertThatCode(() -> cni.del(att)).doesNotThrowAnyException();
    // the kernel tears a namespace down asynchronously; its veth goes with it
    Path veth = Path.of("/sys/class/net", r.hostVeth());
    for (int i = 0; i < 100 && Files.exists(veth); i++) Thread.sleep(20);
    assertThat(veth).doesNotExist();
  }

  @Test
  void add_namespaceMissing_systemExceptionWithThePluginsMessage() {
    CniBridge.Attachment att = new CniBridge.Attachment("n", bridge, "ca",
        new CniBridge.NetNsRef(dir.resolve("missing")), "eth0", net + ".2", 24, net + ".1");

    assertThatThrownBy(() -> cni.add(att)).isInstanceOf(SystemException.class)
        .hasMessageContaining("attach container ca to network n")
        .hasMessageContaining("/usr/lib/cni/bridge")
        .hasMessageContaining("failed to open netns");
  }

  @Test
  void attachment_badValues_invalidArgument() {
    CniBridge.NetNsRef ref = new CniBridge.NetNsRef(dir.resolve("x"));
    assertThatThrownBy(() -> new CniBridge.Attachment("n", "a-very-long-bridge-name", "c", ref, "eth0", net + ".2", 24, net + ".1"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("bridge name");
    assertThatThrownBy(() -> new CniBridge.Attachment("n", bridge, "c", ref, "eth0", "10.1.2", 24, net + ".1"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("10.1.2");
    assertThatThrownBy(() -> new CniBridge.Attachment("n", bridge, "c", ref, "eth0", net + ".2", 33, net + ".1"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("/33");
  }

  @Test
  void deleteBridge_existing_removesItAndIsQuietTwice() throws Exception {
    NetNs a = NetNs.create(dir, "a");
    CniBridge.Result r = cni.add(attachment("ca", a, 2));
    assertThat(Path.of("/sys/class/net", bridge)).exists();

    cni.deleteBridge(bridge);
    cni.deleteBridge(bridge);

    assertThat(Path.of("/sys/class/net", bridge)).doesNotExist();
    assertThat(run("ip", "-o", "-4", "addr", "show")).doesNotContain(net + ".1/24");
    assertThat(Path.of("/sys/class/net", r.hostVeth()).resolve("master")).doesNotExist();
  }

  @Test
  void deleteBridge_notABridge_refusedAndTheInterfaceStays() {
    assertThatThrownBy(() -> cni.deleteBridge("lo")).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("not a bridge");
    assertThat(Path.of("/sys/class/net/lo")).exists();
  }

  @Test
  void addDel_tenTimes_timingAndNothingLeft() throws Exception {
    NetNs a = NetNs.create(dir, "a");
    CniBridge.Attachment att = attachment("ca", a, 2);
    cni.add(att);
    cni.del(att); // the first ADD also makes the bridge: not counted
    long[] add = new long[10];
    long[] del = new long[10];

    for (int i = 0; i < 10; i++) {
      long t0 = System.nanoTime();
      cni.add(att);
      long t1 = System.nanoTime();
      cni.del(att);
      add[i] = t1 - t0;
      del[i] = System.nanoTime() - t1;
    }

    assertThat(bridgePorts()).isEmpty();
    Arrays.sort(add);
    Arrays.sort(del);
    System.out.printf("CNI bridge ADD median %.1f ms (min %.1f), DEL median %.1f ms (min %.1f), 10 runs%n",
        add[5] / 1e6, add[0] / 1e6, del[5] / 1e6, del[0] / 1e6);
  }

  private CniBridge.Attachment attachment(String id, NetNs ns, int host) {
    return new CniBridge.Attachment("bt-" + bridge, bridge, id, new CniBridge.NetNsRef(ns.path()), "eth0",
        net + "." + host, 24, net + ".1");
  }

  /** Under a FORWARD policy of DROP (a peer dockerd sets it) bridged traffic would be dropped: allow ours only. */
  private void acceptForwardingOnTheTestBridge() throws Exception {
    List<String> rule = List.of("-i", bridge, "-o", bridge, "-m", "comment", "--comment", "berth-test", "-j", "ACCEPT");
    List<String> insert = new ArrayList<>(List.of("iptables", "-w", "-I", "FORWARD"));
    insert.addAll(rule);
    run(insert.toArray(String[]::new));
    forwardRule.addAll(rule);
  }

  private List<String> bridgePorts() throws IOException {
    Path brif = Path.of("/sys/class/net", bridge, "brif");
    if (!Files.isDirectory(brif)) return List.of();
    try (Stream<Path> s = Files.list(brif)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static String nsenter(NetNs ns, String... argv) throws Exception {
    List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + ns.path()));
    full.addAll(List.of(argv));
    return run(full.toArray(String[]::new));
  }

  private static String run(String... argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IOException(String.join(" ", argv) + " failed: " + out);
    return out;
  }
}
