package dev.berth.runtime.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor's answers from its files alone, as a restarted daemon reads them (no conmon runs here). */
class ConmonTest {
  @TempDir Path execRoot;

  private Conmon conmon() {
    return new Conmon(Path.of("/usr/bin/conmon"), Path.of("/usr/sbin/runc"), execRoot);
  }

  @Test
  void state_exitFileWritten_isExitedWithItsCodeAndMtime() throws IOException {
    Path exit = Files.createDirectories(execRoot.resolve("exits")).resolve("c1");
    Files.writeString(exit, "137");
    Instant t = Instant.parse("2026-11-28T06:00:00Z");
    Files.setLastModifiedTime(exit, FileTime.from(t));
    assertThat(conmon().state("c1")).isEqualTo(new MonitorState.Exited(137, t));
  }

  @Test
  void state_noFiles_isUnknown() {
    assertThat(conmon().state("c1")).isInstanceOfSatisfying(MonitorState.Unknown.class,
        u -> assertThat(u.reason()).contains("no monitor was started for c1"));
  }

  @Test
  void state_monitorPidDeadWithoutExitFile_isUnknownMonitorGone() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    Path dir = Files.createDirectories(execRoot.resolve("conmon/c1"));
    Files.writeString(dir.resolve("conmon.pid"), Long.toString(p.pid()));
    Files.writeString(dir.resolve("pid"), "1");
    assertThat(conmon().state("c1")).isInstanceOfSatisfying(MonitorState.Unknown.class,
        u -> assertThat(u.reason()).contains("is gone without recording an exit code"));
  }

  @Test
  void state_pidFileOfAnotherProgram_isNotTakenForTheMonitor() throws IOException {
    Path dir = Files.createDirectories(execRoot.resolve("conmon/c1"));
    Files.writeString(dir.resolve("conmon.pid"), Long.toString(ProcessHandle.current().pid()));
    Files.writeString(dir.resolve("pid"), "1");
    assertThat(conmon().state("c1")).isInstanceOf(MonitorState.Unknown.class);
  }

  @Test
  void list_monitorDirs_areListedSorted() throws IOException {
    Files.createDirectories(execRoot.resolve("conmon/b"));
    Files.createDirectories(execRoot.resolve("conmon/a"));
    assertThat(conmon().list()).containsExactly("a", "b");
  }

  @Test
  void attach_noSocket_isNotFound() {
    assertThatThrownBy(() -> conmon().attach("c1"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("attach to container c1");
  }

  @Test
  void state_badId_isRejected() {
    assertThatThrownBy(() -> conmon().state("a/b")).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void resize_zeroRows_isRejected() {
    assertThatThrownBy(() -> conmon().resize("c1", 0, 80))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("bad size 0x80");
  }
}
