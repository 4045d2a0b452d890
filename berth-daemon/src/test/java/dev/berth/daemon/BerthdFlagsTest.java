package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BerthdFlagsTest {
  private static ConfigResolver.Flags run(String... args) {
    BerthdFlags parsed = BerthdFlags.parse(args);
    assertThat(parsed).isInstanceOf(BerthdFlags.Run.class);
    return ((BerthdFlags.Run) parsed).flags();
  }

  @Test
  void parse_noArguments_leavesEveryFlagUnset() {
    assertThat(run()).isEqualTo(ConfigResolver.Flags.none());
  }

  @Test
  void parse_allFlagsInEachSpelling_areRead() {
    ConfigResolver.Flags f = run("-H", "unix:///a.sock", "--host=unix:///b.sock", "-Hunix:///c.sock", "-H=unix:///d.sock",
        "--data-root", "/d", "--exec-root=/e", "--storage-driver", "vfs", "--config-file=/c.json", "--group", "wheel", "-D");
    assertThat(f.hosts()).containsExactly("unix:///a.sock", "unix:///b.sock", "unix:///c.sock", "unix:///d.sock");
    assertThat(f.dataRoot()).isEqualTo(Path.of("/d"));
    assertThat(f.execRoot()).isEqualTo(Path.of("/e"));
    assertThat(f.storageDriver()).isEqualTo("vfs");
    assertThat(f.configFile()).isEqualTo(Path.of("/c.json"));
    assertThat(f.group()).isEqualTo("wheel");
    assertThat(f.debug()).isTrue();
    assertThat(run("--debug").debug()).isTrue();
    assertThat(run("--group", "").group()).isEmpty();
  }

  @Test
  void parse_userlandProxy_bareIsTrue_takesTrueOrFalseAfterEquals_elseAUsageError() {
    assertThat(run().network().userlandProxy()).isNull();
    assertThat(run("--userland-proxy").network().userlandProxy()).isTrue();
    assertThat(run("--userland-proxy=true").network().userlandProxy()).isTrue();
    assertThat(run("--userland-proxy=false").network().userlandProxy()).isFalse();
    assertThat(BerthdFlags.parse("--userland-proxy=no")).isEqualTo(new BerthdFlags.Invalid(
        "Invalid value for option '--userland-proxy': 'no' is not a boolean (true or false)"));
  }

  @Test
  void parse_mtu_takesAnIntegerFrom68To65535_elseAUsageErrorNamingTheValue() {
    assertThat(run().network().mtu()).isNull();
    assertThat(run("--mtu", "9000").network().mtu()).isEqualTo(9000);
    assertThat(run("--mtu=65520").network().mtu()).isEqualTo(65520);
    assertThat(run("--mtu=68").network().mtu()).isEqualTo(68);
    for (String bad : List.of("jumbo", "67", "65536", "-1", "1500.0", "")) {
      assertThat(BerthdFlags.parse("--mtu=" + bad)).as(bad).isEqualTo(new BerthdFlags.Invalid(
          "Invalid value for option '--mtu': '" + bad + "' is not an integer from 68 to 65535"));
    }
    assertThat(BerthdFlags.parse("--mtu")).isEqualTo(new BerthdFlags.Invalid("Missing required parameter for option '--mtu'"));
    assertThat(BerthdFlags.USAGE).contains("--mtu=BYTES");
  }

  @Test
  void parse_helpOrVersionAnywhere_winsOverOtherFlags() {
    assertThat(BerthdFlags.parse("--data-root", "/d", "--help")).isInstanceOf(BerthdFlags.Help.class);
    assertThat(BerthdFlags.parse("-h")).isInstanceOf(BerthdFlags.Help.class);
    assertThat(BerthdFlags.parse("-V")).isInstanceOf(BerthdFlags.Version.class);
    assertThat(BerthdFlags.parse("--version")).isInstanceOf(BerthdFlags.Version.class);
  }

  @Test
  void parse_badArguments_areUsageErrorsNamingTheArgument() {
    assertThat(BerthdFlags.parse("--bogus")).isEqualTo(new BerthdFlags.Invalid("Unknown option: '--bogus'"));
    assertThat(BerthdFlags.parse("stray")).isEqualTo(new BerthdFlags.Invalid("Unmatched argument: 'stray'"));
    assertThat(BerthdFlags.parse("--data-root")).isEqualTo(new BerthdFlags.Invalid("Missing required parameter for option '--data-root'"));
    assertThat(BerthdFlags.parse("-D", "-H")).isEqualTo(new BerthdFlags.Invalid("Missing required parameter for option '-H'"));
  }

  @Test
  void run_usageErrorExits2_helpAndVersionExit0() {
    assertThat(BerthdMain.run("--bogus")).isEqualTo(2);
    assertThat(BerthdMain.run("--help")).isZero();
    assertThat(BerthdMain.version()).startsWith("berthd ").contains("Docker Engine API 1.47");
    assertThat(List.of(BerthdFlags.USAGE.split("\n"))).anyMatch(l -> l.contains("--storage-driver=overlay|vfs"));
  }
}
