package dev.berth.runtime.specgen;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsValidatorTest {
  @TempDir Path rootfs;

  private ContainerOptions options() {
    return ContainerOptions.of("c1", ProcessOptions.command("true"), StorageOptions.rootfs(rootfs));
  }

  private void assertRejected(ContainerOptions o, String message) {
    assertThatThrownBy(() -> OptionsValidator.validate(o, TestHosts.HOST))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining(message);
  }

  private ContainerOptions withResources(ResourceOptions r) {
    return options().withResources(r);
  }

  @Test
  void validate_defaults_passes() {
    assertThatCode(() -> OptionsValidator.validate(options(), TestHosts.HOST)).doesNotThrowAnyException();
  }

  @Test
  void validate_unknownCapability_namesIt() {
    assertRejected(options().withSecurity(SecurityOptions.DEFAULT.withCapAdd(List.of("NET_ADMIM"))),
        "unknown capability: \"CAP_NET_ADMIM\"");
    assertRejected(options().withSecurity(SecurityOptions.DEFAULT.withCapDrop(List.of("bogus"))), "CAP_BOGUS");
  }

  @Test
  void validate_capabilityOutsideTheDaemonsBoundingSet_isRejected() {
    assertRejected(options().withSecurity(SecurityOptions.DEFAULT.withCapAdd(List.of("SYS_RESOURCE"))),
        "CAP_SYS_RESOURCE is not in this daemon's bounding set");
  }

  @Test
  void validate_ulimitAboveHostHardLimit_isRejected() {
    assertRejected(withResources(ResourceOptions.NONE.withUlimits(List.of(Ulimit.parse("nofile=1024:30000")))),
        "ulimit nofile: hard limit 30000 is above this host's hard limit 20000");
    assertRejected(withResources(ResourceOptions.NONE.withUlimits(List.of(Ulimit.parse("nofile=-1")))),
        "hard limit unlimited is above");
  }

  @Test
  void validate_ulimitWithinHostLimits_passes() {
    ContainerOptions o = withResources(ResourceOptions.NONE.withUlimits(
        List.of(Ulimit.parse("nofile=20000"), Ulimit.parse("core=-1"))));
    assertThatCode(() -> OptionsValidator.validate(o, TestHosts.HOST)).doesNotThrowAnyException();
  }

  @Test
  void validate_sameUlimitTwice_isRejected() {
    assertRejected(withResources(ResourceOptions.NONE.withUlimits(
        List.of(Ulimit.parse("nofile=10"), Ulimit.parse("nofile=20")))), "given more than once");
  }

  @Test
  void validate_memoryBelowSixMegabytes_isRejected() {
    assertRejected(withResources(ResourceOptions.NONE.withMemory(4L << 20)), "Minimum memory limit allowed is 6MB");
    assertThatCode(() -> OptionsValidator.validate(withResources(ResourceOptions.NONE.withMemory(6L << 20)), TestHosts.HOST))
        .doesNotThrowAnyException();
  }

  @Test
  void validate_memorySwap_mustExceedMemoryAndNeedsIt() {
    assertRejected(withResources(ResourceOptions.NONE.withMemory(64L << 20).withMemorySwap(32L << 20)),
        "memoryswap limit should be larger than memory limit");
    assertRejected(withResources(ResourceOptions.NONE.withMemorySwap(32L << 20)),
        "always set the Memory limit when using Memoryswap");
    assertThatCode(() -> OptionsValidator.validate(
        withResources(ResourceOptions.NONE.withMemory(64L << 20).withMemorySwap(-1L)), TestHosts.HOST))
        .doesNotThrowAnyException();
  }

  @Test
  void validate_cpusOutOfRange_isRejected() {
    assertRejected(withResources(ResourceOptions.NONE.withCpus(3.0)), "Range of CPUs is from 0.01 to 2.00");
    assertRejected(withResources(ResourceOptions.NONE.withCpus(0.001)), "Range of CPUs");
  }

  @Test
  void validate_oomScoreAdjOutOfRange_isRejected() {
    assertRejected(withResources(ResourceOptions.NONE.withOomScoreAdj(1001)), "range for oom score adj is [-1000, 1000]");
  }

  @Test
  void validate_processProblems_areRejected() {
    assertRejected(options().withProcess(new ProcessOptions(null, null, null, null, null, null, false)),
        "no command specified");
    assertRejected(options().withProcess(ProcessOptions.command("true").withWorkdir("srv")),
        "the working directory 'srv' is invalid");
    assertRejected(options().withProcess(ProcessOptions.command("true").withEnv(List.of("=x"))),
        "invalid environment variable");
    assertRejected(options().withProcess(ProcessOptions.command("true").withUser("a:b:c")), "invalid user");
  }

  @Test
  void validate_badIdOrHostname_isRejected() {
    assertRejected(ContainerOptions.of("../x", ProcessOptions.command("true"), StorageOptions.rootfs(rootfs)),
        "invalid container id");
    assertRejected(options().withHostname("-bad_host"), "invalid hostname format");
  }

  @Test
  void validate_missingRootfs_isRejected() {
    assertRejected(ContainerOptions.of("c1", ProcessOptions.command("true"), StorageOptions.rootfs(rootfs.resolve("nope"))),
        "is not a directory");
  }

  @Test
  void validate_mountProblems_areRejected() throws Exception {
    Path src = Files.createDirectories(rootfs.resolve("src"));
    StorageOptions s = StorageOptions.rootfs(rootfs);
    assertRejected(options().withStorage(s.withTmpfs(Map.of("run", ""))), "must be an absolute path");
    assertRejected(options().withStorage(s.withTmpfs(Map.of("/data", "")).withBinds(
        List.of(new StorageOptions.BindMount(src, "/data/", false)))), "Duplicate mount point: /data");
    assertRejected(options().withStorage(s.withBinds(
        List.of(new StorageOptions.BindMount(rootfs.resolve("missing"), "/m", false)))), "bind source path does not exist");
  }

  @Test
  void validate_sysctls_onlyNamespacedOnesAreAllowed() {
    assertRejected(options().withSysctls(Map.of("kernel.panic", "1")), "sysctl \"kernel.panic\" is not allowed");
    assertRejected(options().withNetwork(new NetworkMode.Host()).withSysctls(Map.of("net.ipv4.ip_forward", "1")),
        "when the container uses the host's network");
    assertThatCode(() -> OptionsValidator.validate(
        options().withSysctls(Map.of("net.ipv4.ip_forward", "1", "kernel.shmmax", "1", "fs.mqueue.msg_max", "20")),
        TestHosts.HOST)).doesNotThrowAnyException();
  }
}
