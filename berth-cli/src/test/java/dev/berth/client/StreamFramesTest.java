package dev.berth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamFramesTest {
  static void frame(ByteArrayOutputStream out, int stream, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(StreamFrames.header(stream, b.length));
    out.writeBytes(b);
  }

  @Test
  void demultiplex_interleavedFrames_keepsStdoutAndStderrApart() throws Exception {
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    frame(in, 1, "one ");
    frame(in, 2, "oops\n");
    frame(in, 1, "two\n");
    frame(in, 1, "x".repeat(70_000));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    StreamFrames.demultiplex(new ByteArrayInputStream(in.toByteArray()), out, err);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("one two\n" + "x".repeat(70_000));
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("oops\n");
  }

  @Test
  void demultiplex_truncatedFrame_failsWithEof() {
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    in.writeBytes(StreamFrames.header(1, 10));
    in.writeBytes("short".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> StreamFrames.demultiplex(new ByteArrayInputStream(in.toByteArray()), new ByteArrayOutputStream(), new ByteArrayOutputStream()))
        .isInstanceOf(EOFException.class).hasMessageContaining("5 of 10 bytes missing");
  }

  @Test
  void demultiplex_systemErrorFrame_becomesDaemonException() {
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    frame(in, 3, "log driver failed\n");
    assertThatThrownBy(() -> StreamFrames.demultiplex(new ByteArrayInputStream(in.toByteArray()), new ByteArrayOutputStream(), new ByteArrayOutputStream()))
        .isInstanceOf(DaemonException.class).hasMessage("log driver failed");
  }

  @Test
  void demultiplex_unknownStreamType_isMalformed() {
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    frame(in, 7, "?");
    assertThatThrownBy(() -> StreamFrames.demultiplex(new ByteArrayInputStream(in.toByteArray()), new ByteArrayOutputStream(), new ByteArrayOutputStream()))
        .hasMessageContaining("stream type 7");
  }
}
