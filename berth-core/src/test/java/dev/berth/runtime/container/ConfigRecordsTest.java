package dev.berth.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Json;
import dev.berth.runtime.specgen.Ulimit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Validation of the themed configuration records, and their JSON round trip. */
class ConfigRecordsTest {
  @Test
  void basicConfig_noImage_throws() {
    assertThatThrownBy(() -> BasicConfig.of(" ")).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("no image");
  }

  @Test
  void basicConfig_badStopSignalOrTimeout_throws() {
    assertThatThrownBy(() -> BasicConfig.of("x").withStopSignal("SIGWHAT"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("SIGWHAT");
    assertThatThrownBy(() -> new BasicConfig("x", null, null, null, null, null, null, null, null, false, false, null, -2, null, null))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("stop timeout -2");
  }

  @Test
  void basicConfig_badPort_throwsNamingIt() {
    assertThatThrownBy(() -> BasicConfig.of("x").withExposedPorts(List.of("80/icmp")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("'80/icmp'");
    assertThatThrownBy(() -> BasicConfig.of("x").withExposedPorts(List.of("70000")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("between 1 and 65535");
    assertThatThrownBy(() -> BasicConfig.of("x").withExposedPorts(List.of("http")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("'http' is not a port number");
  }

  @Test
  void healthcheck_badTestOrDuration_throws() {
    assertThatThrownBy(() -> new Healthcheck(List.of("curl"), 0, 0, 0, 0, 0))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("NONE, CMD or CMD-SHELL");
    assertThatThrownBy(() -> new Healthcheck(List.of("CMD", "true"), 500, 0, 0, 0, 0))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("Interval cannot be less than 1ms");
    assertThatThrownBy(() -> new Healthcheck(null, 0, 0, 0, 0, -1)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void healthcheck_fromImageWithTextDuration_throws() {
    assertThatThrownBy(() -> Healthcheck.fromImage(Map.of("Test", List.of("NONE"), "Interval", "30s")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("Interval must be a number");
  }

  @Test
  void mountSpec_relativeTargetOrSource_throws() {
    assertThatThrownBy(() -> new MountSpec(MountSpec.Type.BIND, "/host", "data", false, null))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("'data' must be an absolute path");
    assertThatThrownBy(() -> new MountSpec(MountSpec.Type.BIND, "host", "/data", false, null))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("source 'host'");
    assertThatThrownBy(() -> new MountSpec(MountSpec.Type.TMPFS, "x", "/run", false, null)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> new MountSpec(MountSpec.Type.VOLUME, "v", "/", false, null)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void storageConfig_duplicateMountPoint_throws() {
    MountSpec a = new MountSpec(MountSpec.Type.VOLUME, "v1", "/data", false, null);
    MountSpec b = new MountSpec(MountSpec.Type.BIND, "/srv", "/data", true, null);
    assertThatThrownBy(() -> new StorageConfig(List.of(a, b), null, null, false))
        .isInstanceOf(InvalidArgumentException.class).hasMessage("Duplicate mount point: /data");
    assertThatThrownBy(() -> new StorageConfig(List.of(a), null, Map.of("/data", ""), false))
        .isInstanceOf(InvalidArgumentException.class).hasMessage("Duplicate mount point: /data");
    assertThatThrownBy(() -> new StorageConfig(null, List.of("rel"), null, false)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void securityConfig_capabilities_normalizedAsDocker() {
    SecurityConfig s = new SecurityConfig(false, List.of("net_admin", "CAP_SYS_TIME", "NET_ADMIN"), List.of("all"), List.of("no-new-privileges"));
    assertThat(s.capAdd()).containsExactly("CAP_NET_ADMIN", "CAP_SYS_TIME");
    assertThat(s.capDrop()).containsExactly("ALL");
    assertThatThrownBy(() -> new SecurityConfig(false, List.of("net-admin"), null, null))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("'net-admin'");
  }

  @Test
  void resourceConfig_limits_validatedAsDocker() {
    assertThatThrownBy(() -> new ResourceConfig(1024, 0, 0, 0, 0, null))
        .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("Minimum memory limit allowed is 6MB");
    assertThatThrownBy(() -> new ResourceConfig(64L << 20, 32L << 20, 0, 0, 0, null))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("memoryswap limit should be larger");
    assertThatThrownBy(() -> new ResourceConfig(0, 32L << 20, 0, 0, 0, null))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("always set the Memory limit");
    assertThatThrownBy(() -> new ResourceConfig(0, 0, 0, 0, -2, null)).isInstanceOf(InvalidArgumentException.class);
    assertThat(new ResourceConfig(64L << 20, -1, 0, 0, -1, null).pidsLimit()).isEqualTo(-1);
  }

  @Test
  void resourceConfig_duplicateUlimit_throws() {
    assertThatThrownBy(() -> new ResourceConfig(0, 0, 0, 0, 0, List.of(Ulimit.parse("nofile=1"), Ulimit.parse("nofile=2"))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("nofile is given twice");
  }

  @Test
  void nanoCpus_decimal_convertsExactly() {
    assertThat(ResourceConfig.nanoCpus("1.5")).isEqualTo(1_500_000_000L);
    assertThat(ResourceConfig.nanoCpus("0.000000001")).isEqualTo(1L);
    assertThatThrownBy(() -> ResourceConfig.nanoCpus("0.0000000001")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> ResourceConfig.nanoCpus("two")).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("'two'");
    assertThatThrownBy(() -> ResourceConfig.nanoCpus("-1")).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void ulimit_parse_softAndHard() {
    assertThat(Ulimit.parse("nofile=1024:2048")).isEqualTo(new Ulimit("nofile", 1024, 2048));
    assertThat(Ulimit.parse("nproc=64")).isEqualTo(new Ulimit("nproc", 64, 64));
    assertThat(Ulimit.parse("core=100:-1")).isEqualTo(new Ulimit("core", 100, -1));
    assertThatThrownBy(() -> Ulimit.parse("core=-1:100")).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("less than or equal to hard limit");
    assertThatThrownBy(() -> Ulimit.parse("core=-2")).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("-1 (unlimited)");
    assertThatThrownBy(() -> Ulimit.parse("nofile=2048:1024")).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("less than or equal to hard limit");
    assertThatThrownBy(() -> Ulimit.parse("files=1")).isInstanceOf(InvalidArgumentException.class).hasMessage("invalid ulimit type: files");
    assertThatThrownBy(() -> Ulimit.parse("nofile")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Ulimit.parse("nofile=a:b")).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void containerConfig_autoRemoveWithRestartPolicy_throws() {
    assertThatThrownBy(() -> new ContainerConfig(BasicConfig.of("x"), null, null, null, RestartPolicy.ALWAYS, null, true))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("--rm").hasMessageContaining("'always'");
  }

  @Test
  void containerConfig_defaults_filled() {
    ContainerConfig c = ContainerConfig.of(BasicConfig.of("busybox"));
    assertThat(c.restartPolicy()).isEqualTo(RestartPolicy.NO);
    assertThat(c.log()).isEqualTo(LogConfig.DEFAULT);
    assertThat(c.resources()).isEqualTo(ResourceConfig.UNLIMITED);
    assertThat(c.storage().mounts()).isEmpty();
  }

  @Test
  void containerConfig_json_roundTripsEveryTheme() {
    BasicConfig basic = new BasicConfig("nginx:1.27", List.of("nginx", "-g", "daemon off;"), List.of("/docker-entrypoint.sh"),
        List.of("A=1"), "/srv", "101", Map.of("k", "v"), "web", "", true, false, "SIGQUIT", 5,
        new Healthcheck(List.of("CMD", "true"), 1_000_000_000L, 0, 0, 0, 2), List.of("80"));
    ContainerConfig c = new ContainerConfig(basic,
        new StorageConfig(List.of(new MountSpec(MountSpec.Type.BIND, "/host", "/data", true, List.of("rprivate"))), List.of("/v"), Map.of("/run", "size=64m"), true),
        new SecurityConfig(true, List.of("NET_ADMIN"), List.of("MKNOD"), List.of("no-new-privileges"), Map.of("kernel.msgmax", "65536")),
        new ResourceConfig(64L << 20, -1, 1_500_000_000L, 512, 100, List.of(new Ulimit("nofile", 10, 20))),
        new RestartPolicy.OnFailure(3), new LogConfig("json-file", Map.of("max-size", "10m")), false);
    assertThat(Json.read(Json.write(c), ContainerConfig.class)).isEqualTo(c);
  }

  /** A container stored before sysctls were kept reads back with none. */
  @Test
  void securityConfig_storedWithoutSysctls_readsWithNone() {
    SecurityConfig old = Json.read("{\"privileged\":false,\"capAdd\":[\"CAP_NET_ADMIN\"],\"capDrop\":[],\"securityOpt\":[]}",
        SecurityConfig.class);
    assertThat(old.sysctls()).isEmpty();
    assertThat(old.capAdd()).containsExactly("CAP_NET_ADMIN");
  }

  @Test
  void storageConfig_badVolumesFrom_isInvalidArgument() {
    assertThatThrownBy(() -> new StorageConfig(null, null, null, false, List.of("web:rx")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("rx");
    assertThatThrownBy(() -> new StorageConfig(null, null, null, false, List.of(":ro"))).isInstanceOf(InvalidArgumentException.class);
    assertThat(new StorageConfig(null, null, null, false, List.of("web", "db:rw")).volumesFrom()).containsExactly("web", "db:rw");
  }

  @Test
  void containerConfig_oldConstructor_defaultsInitAndNetworkMode() {
    ContainerConfig c = new ContainerConfig(BasicConfig.of("x"), null, null, null, null, null, false);
    assertThat(c.init()).isFalse();
    assertThat(c.networkMode()).isEqualTo("default");
  }
}
