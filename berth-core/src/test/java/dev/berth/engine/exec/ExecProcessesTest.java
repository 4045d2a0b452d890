package dev.berth.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.ExecService.ExecConfig;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.runtime.spec.Process;
import dev.berth.runtime.specgen.CapabilitySet;
import dev.berth.runtime.specgen.HostFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecProcessesTest {
  private static final HostFacts HOST = new HostFacts(Map.of(), 2, CapabilitySet.mask(CapabilitySet.ALL) & ~(1L << 24));
  private static final Process CONTAINER = new Process(true, new Process.User(1000, 1000, null, List.of(1000, 2000)),
      List.of("sleep", "600"), List.of("PATH=/bin", "HOSTNAME=abc", "TERM=xterm", "APP=1", "HOME=/home/app"), "/srv",
      Process.Capabilities.of(CapabilitySet.DEFAULT), List.of(new Process.Rlimit("RLIMIT_NOFILE", 4096, 1024)), true, 5,
      "berth-default");

  @TempDir Path rootfs;

  @BeforeEach
  void passwd() throws IOException {
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
    Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\napp:x:1000:\nextra:x:2000:app\nwheel:x:10:root\n");
  }

  private static ExecConfig exec(List<String> env, String workdir, String user, boolean privileged) {
    return new ExecConfig(List.of("id"), env, workdir, user, false, false, true, true, privileged, null);
  }

  @Test
  void build_noOverrides_keepsTheContainersUserCwdAndSecurity() {
    Process p = ExecProcesses.build(CONTAINER, List.of("APP=1"), exec(null, null, null, false), false, rootfs, HOST);
    assertThat(p.args()).containsExactly("id");
    assertThat(p.user()).isEqualTo(CONTAINER.user());
    assertThat(p.cwd()).isEqualTo("/srv");
    assertThat(p.terminal()).isFalse();
    assertThat(p.capabilities()).isEqualTo(CONTAINER.capabilities());
    assertThat(p.noNewPrivileges()).isTrue();
    assertThat(p.apparmorProfile()).isEqualTo("berth-default");
    assertThat(p.rlimits()).isEqualTo(CONTAINER.rlimits());
    assertThat(p.oomScoreAdj()).isEqualTo(5);
  }

  @Test
  void build_withoutTerminal_dropsTheDerivedTermButKeepsTheContainersHome() {
    Process p = ExecProcesses.build(CONTAINER, List.of("APP=1"), exec(null, null, null, false), false, rootfs, HOST);
    assertThat(p.env()).containsExactly("PATH=/bin", "HOSTNAME=abc", "APP=1", "HOME=/home/app");
  }

  @Test
  void build_execEnvAndTerminal_addToAndOverrideTheContainers() {
    Process p = ExecProcesses.build(CONTAINER, List.of("APP=1"), exec(List.of("APP=2", "NEW=x", "HOSTNAME"), null, null, false),
        true, rootfs, HOST);
    assertThat(p.terminal()).isTrue();
    assertThat(p.env()).containsExactly("PATH=/bin", "APP=2", "TERM=xterm", "NEW=x", "HOME=/home/app");
  }

  @Test
  void build_userTermSetByTheContainersConfig_staysForAnExecWithoutTerminal() {
    Process p = ExecProcesses.build(CONTAINER, List.of("TERM=xterm"), exec(null, null, null, false), false, rootfs, HOST);
    assertThat(p.env()).contains("TERM=xterm");
  }

  @Test
  void build_execUser_isLookedUpInTheRootfsAndGetsItsHome() {
    Process p = ExecProcesses.build(CONTAINER, List.of(), exec(null, "/tmp", "root", false), false, rootfs, HOST);
    assertThat(p.user()).isEqualTo(new Process.User(0, 0, null, List.of(0, 10)));
    assertThat(p.cwd()).isEqualTo("/tmp");
    assertThat(p.env()).contains("HOME=/root").doesNotContain("HOME=/home/app");

    Process numeric = ExecProcesses.build(CONTAINER, List.of(), exec(null, null, "4242:4343", false), false, rootfs, HOST);
    assertThat(numeric.user()).isEqualTo(new Process.User(4242, 4343, null, List.of(4343)));
    assertThat(numeric.env()).contains("HOME=/");
  }

  @Test
  void build_unknownUser_isInvalid() {
    assertThatThrownBy(() -> ExecProcesses.build(CONTAINER, List.of(), exec(null, null, "nobody-here", false), false, rootfs, HOST))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("nobody-here");
  }

  @Test
  void build_privileged_getsEveryCapabilityTheDaemonHolds() {
    Process p = ExecProcesses.build(CONTAINER, List.of(), exec(null, null, null, true), false, rootfs, HOST);
    assertThat(p.capabilities().effective()).contains("CAP_SYS_ADMIN", "CAP_NET_ADMIN").doesNotContain("CAP_SYS_RESOURCE");
    assertThat(p.capabilities().bounding()).isEqualTo(p.capabilities().effective());
  }

  @Test
  void processJson_withSize_carriesTheOciConsoleSizeAndIntegerRlimits() {
    String json = new String(ExecLauncher.processJson(CONTAINER, new ConsoleSize(40, 120)), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(json).contains("\"consoleSize\":{\"height\":40,\"width\":120}").contains("\"hard\":4096");
    assertThat(new String(ExecLauncher.processJson(CONTAINER, null), java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("consoleSize");
  }
}
