package dev.berth.runtime.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.errors.NotFoundException;
import dev.berth.oci.ImageConfig;
import dev.berth.runtime.container.BasicConfig;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.ContainerId;
import dev.berth.runtime.container.ImageConfigMerger;
import dev.berth.runtime.container.StorageConfig;
import dev.berth.runtime.runc.BusyboxRootfs;
import dev.berth.runtime.runc.RunResult;
import dev.berth.runtime.runc.Runc;
import dev.berth.runtime.spec.Spec;
import dev.berth.runtime.specgen.HostFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole way from a create request on an image to a running container: merge with the image's config,
 * translate, write the bundle, {@code runc run} in the foreground, and look from inside. Every container,
 * cgroup and directory made here is removed afterwards, even when a test fails.
 */
class BundleIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final List<String> CGROUP_CONTROLLERS =
      List.of("memory", "pids", "cpu", "cpuacct", "cpuset", "blkio", "devices", "freezer", "systemd", "unified");
  /** What a busybox-like image declares: its own PATH and a variable, a default command. */
  private static final ImageConfig.ContainerConfig IMAGE = new ImageConfig.ContainerConfig(
      null, null, List.of("PATH=/usr/local/bin:/bin", "IMAGE_VAR=from-image"), null, List.of("sh"),
      null, null, null, null, null, null, null, null);

  private static Path work;
  private static Path rootfs;
  private static Runc runc;
  private final List<ContainerId> ids = new ArrayList<>();
  private final ContainerSpecs specs = new ContainerSpecs(HostFacts.current(), EtcFiles.forHost());

  @BeforeAll
  static void setUp() throws Exception {
    work = Files.createTempDirectory("berth-bundle-it-");
    rootfs = Files.createDirectories(work.resolve("rootfs"));
    BusyboxRootfs.populate(rootfs);
    runc = Runc.atExecRoot(work.resolve("exec"));
  }

  @AfterAll
  static void removeWork() throws IOException {
    deleteTree(work);
    for (String controller : CGROUP_CONTROLLERS) {
      try {
        Files.deleteIfExists(Path.of("/sys/fs/cgroup", controller, "berth"));
      } catch (java.nio.file.FileSystemException inUse) {
        // other tests' containers still live under /berth: theirs to clean
      }
    }
  }

  @AfterEach
  void cleanUp() throws IOException {
    for (ContainerId id : ids) {
      try {
        runc.delete(id.hex(), true);
      } catch (NotFoundException alreadyGone) {
        // run without --keep deletes it itself
      }
      for (String controller : CGROUP_CONTROLLERS) {
        Files.deleteIfExists(Path.of("/sys/fs/cgroup", controller, "berth", id.hex()));
      }
    }
    ids.clear();
  }

  /** Merges the request with the image, writes the bundle and runs it; returns the result. */
  private RunResult run(ContainerConfig request) {
    ContainerId id = ContainerId.random();
    ids.add(id);
    ContainerConfig effective = ImageConfigMerger.merge(IMAGE, request);
    Path containerDir = work.resolve("containers").resolve(id.hex());
    Spec spec = specs.spec(effective, id, rootfs, containerDir);
    Path bundle = BundleWriter.write(containerDir.resolve("bundle"), spec);
    return runc.run(id.hex(), bundle, TIMEOUT, false);
  }

  private static BasicConfig shell(String script) {
    return BasicConfig.of("busybox").withCmd(List.of("sh", "-c", script));
  }

  @Test
  void run_envFromImageAndRequest_bothReachTheProcess() {
    RunResult r = run(ContainerConfig.of(shell("env").withEnv(List.of("USER_VAR=from-request"))));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout().lines().toList())
        .contains("PATH=/usr/local/bin:/bin", "IMAGE_VAR=from-image", "USER_VAR=from-request", "HOME=/root");
  }

  @Test
  void run_missingWorkingDir_isCreatedAndUsed() {
    assertThat(rootfs.resolve("srv")).doesNotExist();
    RunResult r = run(ContainerConfig.of(shell("pwd").withWorkingDir("/srv/app")));
    assertThat(r.stdout()).isEqualTo("/srv/app\n");
    assertThat(rootfs.resolve("srv/app")).isDirectory();
  }

  @Test
  void run_hostname_isSetAndListedInEtcHosts() {
    BasicConfig b = new BasicConfig("busybox", List.of("sh", "-c", "hostname; cat /etc/hostname; grep -c berthbox /etc/hosts"),
        null, null, null, null, null, "berthbox", null, false, false, null, null, null, null);
    RunResult r = run(ContainerConfig.of(b));
    assertThat(r.stdout()).isEqualTo("berthbox\nberthbox\n1\n");
  }

  @Test
  void run_defaultHostname_isTheShortIdAndResolvConfHasANameserver() {
    RunResult r = run(ContainerConfig.of(shell("hostname; grep -c '^nameserver ' /etc/resolv.conf; grep -c '^nameserver 127' /etc/resolv.conf")));
    List<String> lines = r.stdout().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo(ids.getFirst().shortId());
    assertThat(Integer.parseInt(lines.get(1))).as("nameservers").isPositive();
    assertThat(lines.get(2)).as("loopback nameservers").isEqualTo("0");
  }

  @Test
  void run_userNobody_resolvesFromTheRootfsPasswd() {
    RunResult r = run(ContainerConfig.of(shell("id -u; id -g; echo $HOME").withUser("nobody")));
    assertThat(r.stdout()).isEqualTo("65534\n65534\n/nonexistent\n");
  }

  @Test
  void run_exitCode_isTheProcesssExitCode() {
    assertThat(run(ContainerConfig.of(shell("exit 7"))).exitCode()).isEqualTo(7);
  }

  @Test
  void run_readOnlyRootfs_refusesWritesEverywhereButTmpfs() {
    ContainerConfig c = ContainerConfig.of(shell(
        "touch /probe 2>/dev/null && echo root-writable; echo x >> /etc/hosts 2>/dev/null && echo hosts-writable;"
            + " touch /run/ok && echo tmpfs-writable"))
        .withStorage(new StorageConfig(null, null, java.util.Map.of("/run", ""), true));
    RunResult r = run(c);
    assertThat(r.stdout()).isEqualTo("tmpfs-writable\n");
    assertThat(rootfs.resolve("probe")).doesNotExist();
  }

  @Test
  void run_writableRootfs_letsTheContainerEditItsOwnHostsFile() throws IOException {
    RunResult r = run(ContainerConfig.of(shell("echo 10.9.9.9 extra >> /etc/hosts && tail -1 /etc/hosts")));
    assertThat(r.stdout()).isEqualTo("10.9.9.9 extra\n");
    Path hosts = work.resolve("containers").resolve(ids.getFirst().hex()).resolve("hosts");
    assertThat(Files.readString(hosts)).endsWith("10.9.9.9 extra\n");
    // runc leaves an empty mount point in the rootfs; the edit went to the container's own copy only.
    Path inRootfs = rootfs.resolve("etc/hosts");
    assertThat(Files.exists(inRootfs) ? Files.readString(inRootfs) : "").doesNotContain("10.9.9.9");
  }

  private static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
