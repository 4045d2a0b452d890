package dev.berth.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.network.NetworkDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Network MTUs end to end, with the docker CLI against a berthd started as {@code berthd --mtu 65520} with its own
 * bridge, subnets and chain prefix: the default network's veths and bridge take the daemon's MTU, a user network's
 * take its option {@code com.docker.network.driver.mtu}, a user network without it keeps the kernel's 1500, inspect
 * shows the option, and a bad value is refused naming it, with no network made.
 */
class DockerNetworkMtuIT extends NetworkDaemonTestBase {
  private static final String OPTION = "com.docker.network.driver.mtu";
  private static final int DAEMON_MTU = 65520;

  @Override
  protected NetworkDefaults networkDefaults() {
    return NetTestKit.uniqueDefaults("bj").withMtu(DAEMON_MTU);
  }

  @Override
  protected void afterStop(Leftovers left) {
    assertThat(left.bridges()).as("bridges of the stopped daemon").isEmpty();
    assertThat(left.rules()).as("no chain or rule of the daemon is left").doesNotContain(defaults.chainPrefix() + "-");
  }

  private int mtuOf(String link) throws Exception {
    return Integer.parseInt(Files.readString(Path.of("/sys/class/net", link, "mtu")).strip());
  }

  private int eth0Mtu(String container) throws Exception {
    return Integer.parseInt(d.ok("exec", container, "cat", "/sys/class/net/eth0/mtu").out().strip());
  }

  private String bridgeOf(String network) throws Exception {
    return defaults.bridgePrefix() + d.ok("network", "inspect", "-f", "{{.Id}}", network).out().strip().substring(0, 8);
  }

  private String optionOf(String network) throws Exception {
    return d.ok("network", "inspect", "-f", "{{index .Options \"" + OPTION + "\"}}", network).out().strip();
  }

  @Test
  void defaultNetwork_daemonMtu_givesTheContainersEth0AndTheBridgeThatMtu() throws Exception {
    d.ok("run", "-d", "--name", "onbridge", "busybox", "sleep", "600");

    assertThat(eth0Mtu("onbridge")).isEqualTo(DAEMON_MTU);
    assertThat(mtuOf(defaults.bridge())).as("bridge %s", defaults.bridge()).isEqualTo(DAEMON_MTU);
    assertThat(optionOf("bridge")).isEqualTo(String.valueOf(DAEMON_MTU));
  }

  @Test
  void userNetwork_mtuOption_givesTheContainersEth0AndTheBridgeThatMtu_withoutItTheKernels1500() throws Exception {
    d.ok("network", "create", "--opt", OPTION + "=9000", "jumbo");
    d.ok("network", "create", "plain");
    d.ok("run", "-d", "--name", "big", "--network", "jumbo", "busybox", "sleep", "600");
    d.ok("run", "-d", "--name", "small", "--network", "plain", "busybox", "sleep", "600");

    assertThat(eth0Mtu("big")).isEqualTo(9000);
    assertThat(mtuOf(bridgeOf("jumbo"))).as("bridge of jumbo").isEqualTo(9000);
    assertThat(optionOf("jumbo")).isEqualTo("9000");
    assertThat(eth0Mtu("small")).isEqualTo(1500);
    assertThat(mtuOf(bridgeOf("plain"))).as("bridge of plain").isEqualTo(1500);
    assertThat(d.ok("network", "inspect", "-f", "{{json .Options}}", "plain").out().strip()).isEqualTo("{}");
  }

  @Test
  void userNetwork_badMtu_refusedNamingTheValue_noNetworkMade() throws Exception {
    for (String bad : List.of("jumbo", "67", "65536")) {
      ContainerDaemon.Result r = d.docker("network", "create", "--opt", OPTION + "=" + bad, "bad");

      assertThat(r.exit()).as(r.both()).isNotZero();
      assertThat(r.err()).as(bad).contains("invalid MTU \"" + bad + "\": want an integer from 68 to 65535");
      assertThat(d.docker("network", "inspect", "bad").exit()).as("network bad after %s", bad).isNotZero();
    }
  }
}
