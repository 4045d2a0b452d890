package dev.berth.runtime.specgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.Json;
import dev.berth.runtime.spec.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Asserts on the config.json the generator writes: the members runc reads, by their spec names. */
class SpecGeneratorTest {
  @TempDir Path rootfs;

  private final SpecGenerator generator = new SpecGenerator(TestHosts.HOST);

  private ContainerOptions options() throws IOException {
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
    Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\napp:x:1000:\n");
    return ContainerOptions.of("0123456789abcdef", ProcessOptions.command("echo", "hi"), StorageOptions.rootfs(rootfs));
  }

  private JsonNode json(ContainerOptions o) throws IOException {
    return Json.MAPPER.readTree(generator.generate(o).toJson());
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void generate_defaults_processIsDockers() throws IOException {
    JsonNode p = json(options()).get("process");
    assertThat(texts(p.get("args"))).containsExactly("echo", "hi");
    assertThat(texts(p.get("env"))).containsExactly(
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=0123456789ab", "HOME=/root");
    assertThat(p.get("cwd").asText()).isEqualTo("/");
    assertThat(p.get("terminal").asBoolean()).isFalse();
    assertThat(p.get("user").get("uid").asInt()).isZero();
    assertThat(p.get("noNewPrivileges").asBoolean()).isFalse();
    JsonNode caps = p.get("capabilities");
    for (String set : List.of("bounding", "effective", "permitted")) {
      assertThat(texts(caps.get(set))).containsExactlyElementsOf(CapabilitySet.DEFAULT);
    }
    assertThat(caps.has("inheritable")).isFalse();
    assertThat(caps.has("ambient")).isFalse();
  }

  @Test
  void generate_defaults_nofileIsCappedByTheHostHardLimit() throws IOException {
    JsonNode rlimits = json(options()).get("process").get("rlimits");
    assertThat(rlimits).hasSize(1);
    assertThat(rlimits.get(0).get("type").asText()).isEqualTo("RLIMIT_NOFILE");
    assertThat(rlimits.get(0).get("soft").asLong()).isEqualTo(1024);
    assertThat(rlimits.get(0).get("hard").asLong()).isEqualTo(20000);
  }

  @Test
  void generate_ulimits_replaceTheDefaultAndAddOthers() throws IOException {
    ContainerOptions o = options().withResources(ResourceOptions.NONE.withUlimits(
        List.of(Ulimit.parse("nofile=100:200"), Ulimit.parse("core=-1"))));
    Spec spec = generator.generate(o);
    assertThat(spec.process().rlimits()).extracting(r -> r.type() + "=" + r.soft() + ":" + r.hard())
        .containsExactly("RLIMIT_NOFILE=100:200", "RLIMIT_CORE=-1:-1");
    assertThat(new String(spec.toJson())).contains("\"hard\":18446744073709551615");
  }

  @Test
  void generate_defaults_linuxIsDockers() throws IOException {
    JsonNode linux = json(options()).get("linux");
    assertThat(linux.get("cgroupsPath").asText()).isEqualTo("/berth/0123456789abcdef");
    assertThat(texts(linux.get("maskedPaths"))).containsExactlyElementsOf(DefaultSpec.MASKED_PATHS)
        .contains("/proc/kcore", "/sys/firmware", "/sys/devices/virtual/powercap");
    assertThat(texts(linux.get("readonlyPaths"))).containsExactly(
        "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");
    List<String> namespaces = new ArrayList<>();
    linux.get("namespaces").forEach(n -> namespaces.add(n.get("type").asText()));
    assertThat(namespaces).containsExactlyInAnyOrder("pid", "ipc", "uts", "mount", "network", "cgroup");
    assertThat(linux.get("sysctl").get("net.ipv4.ip_unprivileged_port_start").asText()).isEqualTo("0");
    assertThat(linux.get("seccomp").get("defaultAction").asText()).isEqualTo("SCMP_ACT_ERRNO");
    assertThat(linux.get("seccomp").get("defaultErrnoRet").asInt()).isEqualTo(1);
    assertThat(texts(linux.get("seccomp").get("architectures"))).containsExactly("SCMP_ARCH_X86_64");
  }

  @Test
  void generate_defaults_deviceCgroupDeniesAllThenAllowsTheStandardDevices() throws IOException {
    JsonNode devices = json(options()).get("linux").get("resources").get("devices");
    assertThat(devices.get(0).get("allow").asBoolean()).isFalse();
    assertThat(devices.get(0).get("access").asText()).isEqualTo("rwm");
    assertThat(devices.get(0).has("type")).isFalse();
    List<String> allowed = new ArrayList<>();
    devices.forEach(d -> {
      if (d.get("allow").asBoolean() && d.has("minor")) {
        allowed.add(d.get("type").asText() + " " + d.get("major").asLong() + ":" + d.get("minor").asLong());
      }
    });
    assertThat(allowed).contains("c 1:3", "c 1:5", "c 1:7", "c 1:8", "c 1:9", "c 5:0", "c 5:1", "c 5:2", "c 10:200");
  }

  @Test
  void generate_defaults_mountsAreTheStandardSetWithSysReadOnly() throws IOException {
    Spec spec = generator.generate(options());
    assertThat(spec.mounts()).extracting(m -> m.destination())
        .containsExactly("/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm");
    assertThat(spec.mounts()).filteredOn(m -> m.type().equals("sysfs") || m.type().equals("cgroup"))
        .allSatisfy(m -> assertThat(m.options()).contains("ro"));
    assertThat(spec.root().path()).isEqualTo(rootfs.toString());
    assertThat(spec.root().readonly()).isFalse();
    assertThat(spec.hostname()).isEqualTo("0123456789ab");
  }

  @Test
  void generate_privileged_liftsCapsMasksSeccompAndDeviceRules() throws IOException {
    Spec spec = generator.generate(options().withSecurity(SecurityOptions.DEFAULT.withPrivileged(true)));
    assertThat(spec.process().capabilities().effective())
        .hasSize(CapabilitySet.ALL.size() - 1)
        .contains("CAP_SYS_ADMIN", "CAP_NET_ADMIN")
        .doesNotContain("CAP_SYS_RESOURCE");
    assertThat(spec.linux().maskedPaths()).isEmpty();
    assertThat(spec.linux().readonlyPaths()).isEmpty();
    assertThat(spec.linux().seccomp()).isNull();
    assertThat(spec.linux().resources().devices()).singleElement()
        .satisfies(d -> assertThat(d.allow()).isTrue());
    assertThat(spec.mounts()).filteredOn(m -> m.type().equals("sysfs"))
        .allSatisfy(m -> assertThat(m.options()).contains("rw").doesNotContain("ro"));
  }

  @Test
  void generate_resources_setMemoryCpuAndPids() throws IOException {
    ContainerOptions o = options().withResources(ResourceOptions.NONE.withMemory(64L << 20).withMemorySwap(128L << 20)
        .withCpus(1.5).withCpuShares(512L).withPidsLimit(100L).withOomScoreAdj(500));
    JsonNode json = json(o);
    JsonNode r = json.get("linux").get("resources");
    assertThat(r.get("memory").get("limit").asLong()).isEqualTo(64L << 20);
    assertThat(r.get("memory").get("swap").asLong()).isEqualTo(128L << 20);
    assertThat(r.get("cpu").get("quota").asLong()).isEqualTo(150_000);
    assertThat(r.get("cpu").get("period").asLong()).isEqualTo(100_000);
    assertThat(r.get("cpu").get("shares").asLong()).isEqualTo(512);
    assertThat(r.get("pids").get("limit").asLong()).isEqualTo(100);
    assertThat(json.get("process").get("oomScoreAdj").asInt()).isEqualTo(500);
  }

  @Test
  void generate_noResources_leavesControllersAlone() throws IOException {
    JsonNode r = json(options()).get("linux").get("resources");
    assertThat(r.has("memory")).isFalse();
    assertThat(r.has("cpu")).isFalse();
    assertThat(r.has("pids")).isFalse();
  }

  @Test
  void generate_hostNetwork_dropsTheNamespaceAndNetSysctls() throws IOException {
    Spec spec = generator.generate(options().withNetwork(new NetworkMode.Host()));
    assertThat(spec.linux().namespaces()).extracting(n -> n.type()).doesNotContain("network");
    assertThat(spec.linux().sysctl()).isNull();
  }

  @Test
  void generate_joinNetwork_pointsTheNamespaceAtThePath() throws IOException {
    Spec spec = generator.generate(options().withNetwork(new NetworkMode.Join("/run/berth/netns/n1")));
    assertThat(spec.linux().namespaces()).filteredOn(n -> n.type().equals("network"))
        .singleElement().satisfies(n -> assertThat(n.path()).isEqualTo("/run/berth/netns/n1"));
  }

  @Test
  void generate_userAndProcessOptions_areResolvedAndApplied() throws IOException {
    ContainerOptions o = options();
    o = o.withProcess(o.process().withUser("app").withWorkdir("/srv").withTty(true)
        .withEnv(List.of("A=1", "PATH=/bin", "A=2"))).withHostname("web");
    Spec spec = generator.generate(o);
    assertThat(spec.process().user().uid()).isEqualTo(1000);
    assertThat(spec.process().user().gid()).isEqualTo(1000);
    assertThat(spec.process().user().additionalGids()).containsExactly(1000);
    assertThat(spec.process().cwd()).isEqualTo("/srv");
    assertThat(spec.process().terminal()).isTrue();
    assertThat(spec.process().env()).containsExactly("PATH=/bin", "HOSTNAME=web", "TERM=xterm", "A=2", "HOME=/home/app");
    assertThat(spec.hostname()).isEqualTo("web");
  }

  @Test
  void generate_storageOptions_addReadOnlyRootTmpfsAndBinds() throws IOException {
    Path source = Files.createDirectories(rootfs.resolveSibling(rootfs.getFileName() + "-data"));
    try {
      ContainerOptions o = options();
      o = o.withSecurity(SecurityOptions.DEFAULT.withReadOnlyRootfs(true).withNoNewPrivileges(true))
          .withStorage(o.storage().withTmpfs(Map.of("/run", "size=1m")).withBinds(
              List.of(new StorageOptions.BindMount(source, "/data", true))));
      Spec spec = generator.generate(o);
      assertThat(spec.root().readonly()).isTrue();
      assertThat(spec.process().noNewPrivileges()).isTrue();
      assertThat(spec.mounts()).filteredOn(m -> m.destination().equals("/run")).singleElement()
          .satisfies(m -> assertThat(m.options()).containsExactly("nosuid", "nodev", "noexec", "size=1m"));
      assertThat(spec.mounts()).filteredOn(m -> m.destination().equals("/data")).singleElement()
          .satisfies(m -> {
            assertThat(m.type()).isEqualTo("bind");
            assertThat(m.source()).isEqualTo(source.toString());
            assertThat(m.options()).contains("rbind", "ro");
          });
    } finally {
      Files.delete(source);
    }
  }

  @Test
  void generate_seccompModes_chooseTheFilter() throws IOException {
    ContainerOptions o = options();
    assertThat(generator.generate(o.withSecurity(SecurityOptions.DEFAULT.withSeccomp(new SeccompMode.Unconfined())))
        .linux().seccomp()).isNull();
    var custom = new dev.berth.runtime.spec.Seccomp("SCMP_ACT_ALLOW", null, List.of(), List.of());
    assertThat(generator.generate(o.withSecurity(SecurityOptions.DEFAULT.withSeccomp(new SeccompMode.Custom(custom))))
        .linux().seccomp()).isEqualTo(custom);
  }

  @Test
  void generate_spec_roundTripsThroughJson() throws IOException {
    Spec spec = generator.generate(options().withResources(ResourceOptions.NONE.withMemory(10L << 20)));
    assertThat(Spec.fromJson(spec.toJson())).isEqualTo(spec);
  }
}
