package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.NetworkService;
import dev.berth.network.NetworkDefaults;
import dev.berth.network.Subnet;
import dev.berth.network.firewall.Firewall;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * An {@link EngineFixture} with networking of its own, for the engine ITs that run containers on bridges (container
 * networking, stacks): a bridge, subnets, iptables chain prefix and netns directory no other engine on the machine uses
 * ({@code bt<hex>0}, a random 10.a.b.0/24 with a in 100..149, the pool 10.(a+60).0.0/16, {@code BT<HEX>}). {@link
 * #close} closes the engine, takes down its chains and every bridge it made, then asserts that nothing of it is left:
 * no rule of its prefix, no bridge, no netns file.
 */
public final class NetworkedEngineFixture implements AutoCloseable {
  private final NetworkDefaults defaults;
  private final EngineFixture fixture;
  private final List<String> bridges = new ArrayList<>();

  public NetworkedEngineFixture() throws Exception {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    String tag = HexFormat.of().formatHex(new byte[] {(byte) r.nextInt(256), (byte) r.nextInt(256)});
    int a = 100 + r.nextInt(50);
    int b = r.nextInt(256);
    defaults = new NetworkDefaults("bt" + tag + "0", Subnet.parse("10." + a + "." + b + ".0/24"),
        Subnet.parse("10." + (a + 60) + ".0.0/16"), "BT" + tag.toUpperCase(), "b" + tag + "-", Path.of("/tmp", "btns-" + tag));
    fixture = new EngineFixture(defaults);
    bridges.add(defaults.bridge());
  }

  public EngineFixture fixture() {
    return fixture;
  }

  public NetworkDefaults defaults() {
    return defaults;
  }

  @Override
  public void close() throws Exception {
    Firewall fw = fixture.engine().networking().firewall();
    try {
      for (NetworkService.NetworkView v : fixture.engine().networks().list(Map.of())) {
        if (!v.network().predefined()) bridges.add(v.network().bridge());
      }
      fixture.close();
    } finally {
      fw.uninstall();
      for (String br : bridges) sh("ip link del " + br + " 2>/dev/null; true");
    }
    assertThat(sh("iptables-save")).doesNotContain(defaults.chainPrefix() + "-");
    assertThat(sh("iptables-save -t nat")).doesNotContain(defaults.chainPrefix() + "-");
    for (String br : bridges) assertThat(Files.exists(Path.of("/sys/class/net", br))).as("bridge " + br).isFalse();
    assertThat(!Files.exists(defaults.netnsDir()) || Files.list(defaults.netnsDir()).findAny().isEmpty()).as("netns files").isTrue();
    Files.deleteIfExists(defaults.netnsDir());
  }

  /** Runs a shell command that must succeed (within 30 s); its output with errors. */
  public static String sh(String command) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(command + ": " + out);
    return out;
  }
}
