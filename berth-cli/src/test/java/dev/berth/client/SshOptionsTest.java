package dev.berth.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SshOptionsTest {
  @Test
  void command_portAndIdentity_runsDialStdioInBatchMode() {
    SshOptions options = SshOptions.from(Map.of(), Path.of("/keys/deploy"));
    assertThat(options.command(new SshAddress("root", "box", 2222))).containsExactly(
        "ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=30", "-T", "-p", "2222", "-i", "/keys/deploy",
        "--", "root@box", "berth", "system", "dial-stdio");
  }

  @Test
  void command_noPortNoIdentity_leavesThemToSsh() {
    assertThat(SshOptions.defaults().command(new SshAddress(null, "box", 0)))
        .containsExactly("ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=30", "-T", "--", "box", "berth", "system", "dial-stdio");
  }

  @Test
  void from_berthSshCommand_replacesTheSshProgramAndKeepsItsOptions() {
    SshOptions options = SshOptions.from(Map.of("BERTH_SSH_COMMAND", "  /opt/ssh  -F /tmp/cfg "), null);
    assertThat(options.client()).isEqualTo(List.of("/opt/ssh", "-F", "/tmp/cfg"));
    assertThat(options.command(new SshAddress(null, "h", 0))).startsWith("/opt/ssh", "-F", "/tmp/cfg", "-o", "BatchMode=yes");
  }
}
