package dev.berth.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A pseudo-terminal's size as another process sees it through the slave, and signals to processes. */
class PtyTest {
  @Test
  void resize_setsTheSizeTheSlavesUserReads() throws Exception {
    try (Pty pty = Pty.open()) {
      assertThat(pty.slave().toString()).matches("/dev/pts/\\d+");
      pty.resize(40, 120);
      assertThat(pty.size()).containsExactly(40, 120);
      Process stty = new ProcessBuilder("/bin/sh", "-c", "stty size < \"$0\"", pty.slave().toString())
          .redirectErrorStream(true).start();
      String out = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(stty.waitFor()).isZero();
      assertThat(out.strip()).isEqualTo("40 120");
    }
  }

  @Test
  void resize_afterClose_failsClearly() throws IOException {
    Pty pty = Pty.open();
    pty.close();
    assertThatThrownBy(() -> pty.resize(1, 1)).isInstanceOf(IOException.class).hasMessageContaining("closed");
  }

  @Test
  void send_term_endsAProcessAndAGoneProcessAnswersFalse() throws Exception {
    Process sleep = new ProcessBuilder("sleep", "30").start();
    assertThat(Signals.send(sleep.pid(), Signals.SIGTERM)).isTrue();
    assertThat(sleep.waitFor()).isEqualTo(128 + Signals.SIGTERM);
    assertThat(Signals.send(sleep.pid(), 0)).isFalse();
  }
}
