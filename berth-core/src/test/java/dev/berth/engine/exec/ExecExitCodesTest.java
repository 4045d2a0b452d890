package dev.berth.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The messages are runc 1.1's own, as it logs them for each failure. */
class ExecExitCodesTest {
  @Test
  void forStartFailure_notInPath_is127() {
    assertThat(ExecExitCodes.forStartFailure("nosuch",
        "exec failed: unable to start container process: exec: \"nosuch\": executable file not found in $PATH")).isEqualTo(127);
  }

  @Test
  void forStartFailure_missingAbsolutePath_is127() {
    assertThat(ExecExitCodes.forStartFailure("/no/such",
        "exec failed: unable to start container process: exec: \"/no/such\": stat /no/such: no such file or directory")).isEqualTo(127);
  }

  @Test
  void forStartFailure_notExecutableOrADirectory_is126() {
    assertThat(ExecExitCodes.forStartFailure("/tmp/noexec",
        "exec failed: unable to start container process: exec: \"/tmp/noexec\": permission denied")).isEqualTo(126);
    assertThat(ExecExitCodes.forStartFailure("/tmp",
        "exec failed: unable to start container process: exec: \"/tmp\": permission denied")).isEqualTo(126);
  }

  @Test
  void forStartFailure_missingWorkingDirectory_is126BecauseTheCommandIsNotWhatIsMissing() {
    assertThat(ExecExitCodes.forStartFailure("true",
        "exec failed: unable to start container process: chdir to cwd (\"/nodir\") set in config.json failed: no such file or directory"))
        .isEqualTo(126);
  }

  @Test
  void streamMessage_isDockersWording() {
    assertThat(ExecExitCodes.streamMessage("exec failed: x")).isEqualTo("OCI runtime exec failed: exec failed: x: unknown\r\n");
  }
}
