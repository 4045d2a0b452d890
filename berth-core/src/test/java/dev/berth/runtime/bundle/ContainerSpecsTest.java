package dev.berth.runtime.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.runtime.container.BasicConfig;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.ContainerId;
import dev.berth.runtime.container.MountSpec;
import dev.berth.runtime.container.ResourceConfig;
import dev.berth.runtime.container.SecurityConfig;
import dev.berth.runtime.container.StorageConfig;
import dev.berth.runtime.spec.Mount;
import dev.berth.runtime.spec.Process.Rlimit;
import dev.berth.runtime.spec.Spec;
import dev.berth.runtime.specgen.ContainerOptions;
import dev.berth.runtime.specgen.HostFacts;
import dev.berth.runtime.specgen.SeccompMode;
import dev.berth.runtime.specgen.Ulimit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each mapping from the container model to options and spec, checked on the generated spec. */
class ContainerSpecsTest {
  private static final ContainerId ID = ContainerId.of("0123456789ab" + "c".repeat(52));
  /** nofile hard 20000, 2 CPUs, every capability but CAP_SYS_RESOURCE. */
  private static final HostFacts HOST = new HostFacts(
      Map.of("RLIMIT_NOFILE", new HostFacts.Limit(20000, 20000), "RLIMIT_NPROC", new HostFacts.Limit(90000, 90000)),
      2, 0x1fffeffffffL);

  @TempDir Path tmp;
  private Path rootfs;
  private Path containerDir;
  private Path hostResolv;
  private ContainerSpecs specs;

  @BeforeEach
  void setUp() throws IOException {
    rootfs = tmp.resolve("rootfs");
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
    Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
    containerDir = tmp.resolve("containers").resolve(ID.hex());
    hostResolv = Files.writeString(tmp.resolve("host-resolv.conf"), "nameserver 127.0.0.53\nnameserver 10.1.1.1\n");
    specs = new ContainerSpecs(HOST, new EtcFiles(hostResolv));
  }

  private static ContainerConfig config(BasicConfig basic) {
    return ContainerConfig.of(basic);
  }

  private static BasicConfig busybox() {
    return BasicConfig.of("busybox").withEntrypoint(List.of("/bin/sh", "-c")).withCmd(List.of("echo hi"));
  }

  private Spec spec(ContainerConfig c) {
    return specs.spec(c, ID, rootfs, containerDir);
  }

  private static Mount mount(Spec s, String destination) {
    return s.mounts().stream().filter(m -> m.destination().equals(destination)).findFirst().orElseThrow();
  }

  @Test
  void spec_entrypointAndCmd_becomeArgsInOrder() {
    assertThat(spec(config(busybox())).process().args()).containsExactly("/bin/sh", "-c", "echo hi");
  }

  @Test
  void spec_envUserAndWorkdir_reachTheProcess() {
    BasicConfig b = busybox().withEnv(List.of("FOO=bar", "PATH=/bin")).withUser("nobody").withWorkingDir("/work");
    Spec s = spec(config(b));
    assertThat(s.process().env()).containsExactly("PATH=/bin", "HOSTNAME=0123456789ab", "FOO=bar", "HOME=/nonexistent");
    assertThat(s.process().cwd()).isEqualTo("/work");
    assertThat(s.process().user().uid()).isEqualTo(65534);
    assertThat(s.process().user().gid()).isEqualTo(65534);
  }

  @Test
  void spec_noHostnameGiven_usesTheShortIdAndTtySetsTerminal() {
    BasicConfig b = new BasicConfig("busybox", List.of("sh"), null, null, null, null, null, null, null, true, true,
        null, null, null, null);
    Spec s = spec(config(b));
    assertThat(s.hostname()).isEqualTo(ID.shortId());
    assertThat(s.process().terminal()).isTrue();
    assertThat(s.process().env()).contains("TERM=xterm");
  }

  @Test
  void spec_hostnameAndDomain_goToSpecAndEtcFiles() throws IOException {
    BasicConfig b = new BasicConfig("busybox", List.of("sh"), null, null, null, null, null, "web", "example.org",
        false, false, null, null, null, null);
    Spec s = spec(config(b));
    assertThat(s.hostname()).isEqualTo("web");
    assertThat(Files.readString(containerDir.resolve("hostname"))).isEqualTo("web\n");
    assertThat(Files.readString(containerDir.resolve("hosts"))).contains("127.0.0.1\tlocalhost\n")
        .endsWith("127.0.1.1\tweb.example.org web\n");
    assertThat(Files.readString(containerDir.resolve("resolv.conf"))).isEqualTo("nameserver 10.1.1.1\n");
  }

  @Test
  void spec_etcFiles_areBoundReadWriteUnlessTheRootfsIsReadOnly() {
    Spec rw = spec(config(busybox()));
    for (String path : List.of("/etc/hosts", "/etc/hostname", "/etc/resolv.conf")) {
      Mount m = mount(rw, path);
      assertThat(m.type()).isEqualTo("bind");
      assertThat(m.source()).isEqualTo(containerDir.resolve(path.substring(5)).toString());
      assertThat(m.options()).contains("rbind", "rw");
    }
    Spec ro = spec(config(busybox()).withStorage(new StorageConfig(null, null, null, true)));
    assertThat(ro.root().readonly()).isTrue();
    assertThat(mount(ro, "/etc/hosts").options()).contains("ro");
  }

  @Test
  void spec_userMountOnEtcHosts_winsOverTheGeneratedOne() throws IOException {
    Path mine = Files.writeString(tmp.resolve("my-hosts"), "1.2.3.4 x\n");
    StorageConfig storage = new StorageConfig(List.of(new MountSpec(MountSpec.Type.BIND, mine.toString(), "/etc/hosts", true, null)),
        null, null, false);
    Spec s = spec(config(busybox()).withStorage(storage));
    assertThat(s.mounts().stream().filter(m -> m.destination().equals("/etc/hosts")).toList())
        .singleElement().satisfies(m -> assertThat(m.source()).isEqualTo(mine.toString()));
    assertThat(containerDir.resolve("hosts")).doesNotExist();
  }

  @Test
  void spec_tmpfsFromBothPlaces_areMounted() {
    StorageConfig storage = new StorageConfig(List.of(new MountSpec(MountSpec.Type.TMPFS, null, "/cache", true, List.of("size=1m"))),
        null, Map.of("/run", "size=64m"), false);
    Spec s = spec(config(busybox()).withStorage(storage));
    assertThat(mount(s, "/run").options()).contains("size=64m", "noexec");
    assertThat(mount(s, "/cache").options()).contains("size=1m", "ro");
  }

  @Test
  void spec_unresolvedVolumeMount_isRefusedAndNothingIsWritten() {
    StorageConfig storage = new StorageConfig(List.of(new MountSpec(MountSpec.Type.VOLUME, "data", "/data", false, null)),
        null, null, false);
    assertThatThrownBy(() -> spec(config(busybox()).withStorage(storage)))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("volume 'data' at /data was not resolved to its directory");
    assertThat(containerDir).doesNotExist();
  }

  @Test
  void spec_resources_mapToCgroupLimitsAndRlimits() {
    ResourceConfig r = new ResourceConfig(64L << 20, 128L << 20, 1_500_000_000L, 512, 100,
        List.of(Ulimit.parse("nproc=50:60")));
    Spec s = spec(new ContainerConfig(busybox(), null, null, r, null, null, false));
    var res = s.linux().resources();
    assertThat(res.memory().limit()).isEqualTo(64L << 20);
    assertThat(res.memory().swap()).isEqualTo(128L << 20);
    assertThat(res.cpu().quota()).isEqualTo(150_000L);
    assertThat(res.cpu().period()).isEqualTo(100_000L);
    assertThat(res.cpu().shares()).isEqualTo(512L);
    assertThat(res.pids().limit()).isEqualTo(100L);
    assertThat(s.process().rlimits()).contains(new Rlimit("RLIMIT_NPROC", 60, 50));
  }

  @Test
  void options_unlimitedZeros_leaveControllersUnset() {
    ContainerOptions o = ContainerSpecs.options(config(busybox()), ID, rootfs);
    assertThat(o.resources().memory()).isNull();
    assertThat(o.resources().cpus()).isNull();
    assertThat(o.resources().pidsLimit()).isNull();
    assertThat(spec(config(busybox())).linux().resources().memory()).isNull();
  }

  @Test
  void spec_securityOptions_mapToNoNewPrivilegesAndSeccomp() {
    SecurityConfig sec = new SecurityConfig(false, List.of("net_admin"), List.of("mknod"),
        List.of("no-new-privileges", "seccomp=unconfined"));
    Spec s = spec(new ContainerConfig(busybox(), null, sec, null, null, null, false));
    assertThat(s.process().noNewPrivileges()).isTrue();
    assertThat(s.linux().seccomp()).isNull();
    assertThat(s.process().capabilities().bounding()).contains("CAP_NET_ADMIN").doesNotContain("CAP_MKNOD");
    assertThat(spec(config(busybox())).linux().seccomp()).isNotNull();
    assertThat(ContainerSpecs.options(config(busybox()), ID, rootfs).security().seccomp()).isEqualTo(new SeccompMode.Default());
  }

  @Test
  void spec_sysctls_reachTheSpec_unnamespacedOnesRefused() {
    SecurityConfig tuned = new SecurityConfig(false, null, null, null, Map.of("kernel.msgmax", "65536", "net.ipv4.ip_forward", "0"));
    Spec s = spec(new ContainerConfig(busybox(), null, tuned, null, null, null, false));
    assertThat(s.linux().sysctl()).containsEntry("kernel.msgmax", "65536").containsEntry("net.ipv4.ip_forward", "0");
    SecurityConfig host = new SecurityConfig(false, null, null, null, Map.of("vm.swappiness", "10"));
    assertThatThrownBy(() -> spec(new ContainerConfig(busybox(), null, host, null, null, null, false)))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("sysctl \"vm.swappiness\" is not allowed");
  }

  @Test
  void spec_rootfsWithTheI386Loader_defaultSeccompCoversTheI386Abi() throws java.io.IOException {
    assertThat(spec(config(busybox())).linux().seccomp().architectures()).doesNotContain("SCMP_ARCH_X86");
    java.nio.file.Files.createDirectories(rootfs.resolve("lib"));
    java.nio.file.Files.writeString(rootfs.resolve("lib/ld-linux.so.2"), "loader");
    assertThat(spec(config(busybox())).linux().seccomp().architectures()).contains("SCMP_ARCH_X86", "SCMP_ARCH_X86_64");
  }

  @Test
  void spec_rootfsWithTheX32Loader_defaultSeccompCoversTheX32Abi() throws java.io.IOException {
    assertThat(spec(config(busybox())).linux().seccomp().architectures()).containsExactly("SCMP_ARCH_X86_64");
    java.nio.file.Files.createDirectories(rootfs.resolve("libx32"));
    java.nio.file.Files.writeString(rootfs.resolve("libx32/ld-linux-x32.so.2"), "loader");
    assertThat(spec(config(busybox())).linux().seccomp().architectures()).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X32");
  }

  @Test
  void spec_privileged_getsEveryCapabilityTheHostHasAndNoSeccomp() {
    Spec s = spec(new ContainerConfig(busybox(), null, new SecurityConfig(true, null, null, null), null, null, null, false));
    assertThat(s.process().capabilities().bounding()).contains("CAP_SYS_ADMIN").doesNotContain("CAP_SYS_RESOURCE");
    assertThat(s.linux().seccomp()).isNull();
    assertThat(s.linux().maskedPaths()).isEmpty();
  }

  @Test
  void spec_stopSignal_isKeptAsTheOciAnnotation() {
    assertThat(spec(config(busybox())).annotations()).containsEntry(ContainerSpecs.STOP_SIGNAL_ANNOTATION, "SIGTERM");
    assertThat(spec(config(busybox().withStopSignal("usr1"))).annotations())
        .containsEntry(ContainerSpecs.STOP_SIGNAL_ANNOTATION, "SIGUSR1");
  }

  @Test
  void spec_unknownUser_isRefusedBeforeAnyFileIsWritten() {
    assertThatThrownBy(() -> spec(config(busybox().withUser("ghost"))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("unable to find user ghost");
    assertThat(containerDir).doesNotExist();
  }

  @Test
  void spec_invalidOptions_areRefusedWithDockersMessage() {
    ResourceConfig cpus = new ResourceConfig(0, 0, 8_000_000_000L, 0, 0, null);
    assertThatThrownBy(() -> spec(new ContainerConfig(busybox(), null, null, cpus, null, null, false)))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("Range of CPUs is from 0.01 to 2.00");
    SecurityConfig bad = new SecurityConfig(false, null, null, List.of("seccomp=sometimes"));
    assertThatThrownBy(() -> spec(new ContainerConfig(busybox(), null, bad, null, null, null, false)))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid --security-opt");
    assertThat(containerDir).doesNotExist();
  }

  @Test
  void spec_rootIsTheGivenRootfs() {
    assertThat(spec(config(busybox())).root().path()).isEqualTo(rootfs.toString());
  }
}
