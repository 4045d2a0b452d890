package dev.berth.sys;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeqPacketSocketTest {
  @TempDir Path dir;

  @Test
  void connect_noSuchSocket_failsNamingPathAndErrno() {
    Path missing = dir.resolve("attach");
    assertThatThrownBy(() -> SeqPacketSocket.connect(missing))
        .isInstanceOf(Libc.ErrnoException.class)
        .hasMessage("connect " + missing + ": No such file or directory");
  }

  @Test
  void connect_pathBeyondSunPath_failsBeforeTheCall() {
    Path tooLong = dir.resolve("x".repeat(120));
    assertThatThrownBy(() -> SeqPacketSocket.connect(tooLong))
        .isInstanceOf(IOException.class).hasMessageContaining("longer than 107 bytes");
  }
}
