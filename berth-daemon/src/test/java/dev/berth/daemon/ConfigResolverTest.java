package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigResolverTest {
  @TempDir Path tmp;

  private ConfigResolver.Flags flags(Path configFile, String driver, Path dataRoot) {
    return new ConfigResolver.Flags(List.of(), dataRoot, null, driver, configFile, null, null);
  }

  @Test
  void resolve_flagOverFileOverDefault() throws Exception {
    Path file = tmp.resolve("daemon.json");
    Files.writeString(file, "{\"storage-driver\": \"vfs\", \"data-root\": \"/srv/berth\", \"debug\": true, \"hosts\": [\"unix:///tmp/x.sock\"]}");
    DaemonConfig fromFile = ConfigResolver.resolve(flags(file, null, null));
    assertThat(fromFile.storageDriver()).isEqualTo("vfs");
    assertThat(fromFile.dataRoot()).isEqualTo(Path.of("/srv/berth"));
    assertThat(fromFile.debug()).isTrue();
    assertThat(fromFile.sockets()).containsExactly(Path.of("/tmp/x.sock"));
    assertThat(fromFile.execRoot()).isEqualTo(Path.of("/run/berth"));

    DaemonConfig flagged = ConfigResolver.resolve(flags(file, "overlay", Path.of("/data")));
    assertThat(flagged.storageDriver()).isEqualTo("overlay");
    assertThat(flagged.dataRoot()).isEqualTo(Path.of("/data"));
  }

  @Test
  void resolve_registryKeys_becomeTheEnginesRegistryOptions() throws Exception {
    Path file = tmp.resolve("daemon.json");
    Files.writeString(file, "{\"insecure-registries\": [\"reg.test:5000\"], \"registry-certs-dir\": \"/etc/berth/certs.d\"}");
    DaemonConfig c = ConfigResolver.resolve(flags(file, null, null));
    assertThat(c.engineConfig().registry().insecureRegistries()).containsExactly("reg.test:5000");
    assertThat(c.engineConfig().registry().certsDir()).isEqualTo(Path.of("/etc/berth/certs.d"));
    assertThat(c.engineConfig().registry().plainHttpAllowed("reg.test:5000")).isTrue();
    assertThat(c.withStorageDriver("overlay").registry()).isEqualTo(c.registry());
    Files.writeString(file, "{}");
    assertThat(ConfigResolver.resolve(flags(file, null, null)).registry()).isNull();
  }

  @Test
  void resolve_dom0Image_comesFromTheFileAndDefaultsToNull() throws Exception {
    Path file = tmp.resolve("daemon.json");
    Files.writeString(file, "{\"dom0-image\": \"farm/dom0:stable\"}");
    DaemonConfig c = ConfigResolver.resolve(flags(file, null, null));
    assertThat(c.dom0Image()).isEqualTo("farm/dom0:stable");
    assertThat(c.withStorageDriver("vfs").dom0Image()).isEqualTo("farm/dom0:stable");
    Files.writeString(file, "{}");
    assertThat(ConfigResolver.resolve(flags(file, null, null)).dom0Image()).isNull();
    Files.writeString(file, "{\"dom0-image\": 3}");
    assertThatThrownBy(() -> ConfigResolver.resolve(flags(file, null, null))).hasMessageContaining("\"dom0-image\" must be a string");
  }

  @Test
  void resolve_hostFlags_replaceTheFilesHosts() throws Exception {
    Path file = tmp.resolve("daemon.json");
    Files.writeString(file, "{\"hosts\": [\"unix:///tmp/x.sock\"]}");
    DaemonConfig c = ConfigResolver.resolve(new ConfigResolver.Flags(List.of("unix:///tmp/a.sock", "unix:///tmp/b.sock"), null, null, null, file, null, null));
    assertThat(c.sockets()).containsExactly(Path.of("/tmp/a.sock"), Path.of("/tmp/b.sock"));
  }

  @Test
  void load_missingDefaultFile_isFine_missingNamedFile_isAnError() {
    assertThat(ConfigFile.load(tmp.resolve("absent.json"), false)).isEmpty();
    assertThatThrownBy(() -> ConfigResolver.resolve(flags(tmp.resolve("absent.json"), null, null)))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining(tmp.resolve("absent.json").toString()).hasMessageContaining("does not exist");
  }

  @Test
  void load_unknownKey_namesFileAndKey() throws Exception {
    Path file = tmp.resolve("daemon.json");
    Files.writeString(file, "{\"storage-drvier\": \"vfs\"}");
    assertThatThrownBy(() -> ConfigFile.load(file, true))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining(file.toString()).hasMessageContaining("unknown key \"storage-drvier\"");
  }

  @Test
  void load_malformedJsonOrWrongType_namesTheFile() throws Exception {
    Path file = tmp.resolve("daemon.json");
    Files.writeString(file, "{\"debug\": tru");
    assertThatThrownBy(() -> ConfigFile.load(file, true)).isInstanceOf(InvalidArgumentException.class).hasMessageContaining(file + " is not valid JSON");
    Files.writeString(file, "{\"debug\": \"yes\"}");
    assertThatThrownBy(() -> ConfigFile.load(file, true)).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("key \"debug\" must be true or false");
  }

  @Test
  void resolve_badDriverOrHost_isAnError() throws Exception {
    assertThatThrownBy(() -> ConfigResolver.resolve(flags(tmp.resolve("none.json").toAbsolutePath(), "zfs", null)))
        .isInstanceOf(InvalidArgumentException.class);
    Path file = tmp.resolve("daemon.json");
    Files.writeString(file, "{\"storage-driver\": \"zfs\"}");
    assertThatThrownBy(() -> ConfigResolver.resolve(flags(file, null, null))).hasMessageContaining("unknown storage driver \"zfs\"");
    assertThatThrownBy(() -> new DaemonConfig(List.of("tcp://0.0.0.0:2375"), tmp, tmp, "vfs", "berth", false))
        .hasMessageContaining("only on unix sockets");
  }

  @Test
  void shippedDefaultsFile_listsEveryKeyWithTheBuiltInDefaults() throws Exception {
    Path shipped = Path.of("..", "etc", "daemon.json");
    ConfigFile f = ConfigFile.load(shipped, true).orElseThrow();
    DaemonConfig d = DaemonConfig.defaults();
    assertThat(f.hosts()).isEqualTo(d.hosts());
    assertThat(Path.of(f.dataRoot())).isEqualTo(d.dataRoot());
    assertThat(Path.of(f.execRoot())).isEqualTo(d.execRoot());
    assertThat(f.storageDriver()).isEqualTo(d.storageDriver());
    assertThat(f.group()).isEqualTo(d.group());
    assertThat(f.debug()).isEqualTo(d.debug());
    assertThat(f.uploadExpiry()).isEqualTo(d.uploadExpiry());
    dev.berth.network.NetworkDefaults net = dev.berth.network.NetworkDefaults.of(d.execRoot());
    assertThat(f.network()).isEqualTo(new NetworkFlags(net.bridge(), net.subnet().toString(), net.chainPrefix(), net.pool().toString(),
        net.userlandProxy(), net.mtu()));
    assertThat(Files.readString(shipped)).contains(ConfigFile.KEYS.stream().map(k -> "\"" + k + "\"").toList());
  }

  @Test
  void resolve_networkFlagsOverTheFile_andBridgeNoneTurnsNetworkingOff(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("daemon.json");
    Files.writeString(file, "{\"bridge\": \"fb0\", \"iptables-chain-prefix\": \"FILE\", \"default-address-pool\": \"base=10.9.0.0/16,size=24\"}");
    DaemonConfig c = ConfigResolver.resolve(new ConfigResolver.Flags(List.of(), null, dir, null, file, null, null,
        new NetworkFlags(null, "10.8.0.0/24", "FLAG", null)));
    assertThat(c.network().bridge()).isEqualTo("fb0");
    assertThat(c.network().subnet()).hasToString("10.8.0.0/24");
    assertThat(c.network().chainPrefix()).isEqualTo("FLAG");
    assertThat(c.network().pool()).hasToString("10.9.0.0/16");
    assertThat(c.engineConfig().network()).isEqualTo(c.network());
    DaemonConfig off = ConfigResolver.resolve(new ConfigResolver.Flags(List.of(), null, dir, null, file, null, null,
        new NetworkFlags("none", null, null, null)));
    assertThat(off.network()).isNull();
  }

  @Test
  void resolve_userlandProxy_defaultTrue_fileSetsIt_flagWinsOverTheFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("daemon.json");
    Files.writeString(file, "{}");
    assertThat(ConfigResolver.resolve(flags(file, null, null)).network().userlandProxy()).isTrue();
    Files.writeString(file, "{\"userland-proxy\": false}");
    assertThat(ConfigResolver.resolve(flags(file, null, null)).network().userlandProxy()).isFalse();
    DaemonConfig flagged = ConfigResolver.resolve(new ConfigResolver.Flags(List.of(), null, dir, null, file, null, null,
        new NetworkFlags(null, null, null, null, true)));
    assertThat(flagged.network().userlandProxy()).isTrue();
    Files.writeString(file, "{\"userland-proxy\": \"no\"}");
    assertThatThrownBy(() -> ConfigResolver.resolve(flags(file, null, null)))
        .hasMessageContaining("key \"userland-proxy\" must be true or false");
  }

  @Test
  void resolve_mtu_default1500_fileSetsIt_flagWinsOverTheFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("daemon.json");
    Files.writeString(file, "{}");
    assertThat(ConfigResolver.resolve(flags(file, null, null)).network().mtu()).isEqualTo(1500);
    Files.writeString(file, "{\"mtu\": 9000}");
    assertThat(ConfigResolver.resolve(flags(file, null, null)).network().mtu()).isEqualTo(9000);
    DaemonConfig flagged = ConfigResolver.resolve(new ConfigResolver.Flags(List.of(), null, dir, null, file, null, null,
        new NetworkFlags(null, null, null, null, null, 65520)));
    assertThat(flagged.network().mtu()).isEqualTo(65520);
  }

  @Test
  void resolve_badMtuInTheFile_isAnErrorNamingTheFileKeyAndValue(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("daemon.json");
    for (String bad : List.of("\"9000\"", "1500.5", "true", "99999999999")) {
      Files.writeString(file, "{\"mtu\": " + bad + "}");
      assertThatThrownBy(() -> ConfigResolver.resolve(flags(file, null, null))).as(bad)
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("config file " + file + ": key \"mtu\" must be an integer from 68 to 65535, not " + bad);
    }
    for (String bad : List.of("67", "65536", "-1", "0")) {
      Files.writeString(file, "{\"mtu\": " + bad + "}");
      assertThatThrownBy(() -> ConfigResolver.resolve(flags(file, null, null))).as(bad)
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage("config file " + file + ": key \"mtu\": invalid MTU \"" + bad + "\": want an integer from 68 to 65535");
    }
  }

  @Test
  void resolve_uploadExpiry_readFromTheFileElse24Hours() throws Exception {
    Path file = tmp.resolve("daemon.json");
    Files.writeString(file, "{\"upload-expiry\": \"1h30m\"}");
    assertThat(ConfigResolver.resolve(flags(file, null, null)).uploadExpiry()).isEqualTo(java.time.Duration.ofMinutes(90));
    Files.writeString(file, "{}");
    assertThat(ConfigResolver.resolve(flags(file, null, null)).uploadExpiry()).isEqualTo(java.time.Duration.ofHours(24));
  }

  @Test
  void resolve_uploadExpiryNotADuration_namesTheKeyAndTheForms() throws Exception {
    Path file = tmp.resolve("daemon.json");
    Files.writeString(file, "{\"upload-expiry\": \"a day\"}");
    assertThatThrownBy(() -> ConfigResolver.resolve(flags(file, null, null))).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("key \"upload-expiry\"").hasMessageContaining("\"a day\" is not a duration").hasMessageContaining("24h");
  }
}
