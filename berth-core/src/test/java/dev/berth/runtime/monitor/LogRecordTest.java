package dev.berth.runtime.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogRecordTest {

  @Test
  void parseK8s_fullStdoutLine_keepsNanosAndAddsNewline() {
    LogRecord r = LogRecord.parseK8s("2026-11-28T06:26:30.060323934+00:00 stdout F hi there");
    assertThat(r.stream()).isEqualTo(LogStream.STDOUT);
    assertThat(r.time()).isEqualTo(Instant.parse("2026-11-28T06:26:30.060323934Z"));
    assertThat(r.text()).isEqualTo("hi there");
    assertThat(r.partial()).isFalse();
    assertThat(r.line()).isEqualTo("hi there\n");
  }

  @Test
  void parseK8s_partialStderrLine_hasNoNewline() {
    LogRecord r = LogRecord.parseK8s("2026-11-28T07:26:30.5+01:00 stderr P abc");
    assertThat(r.stream()).isEqualTo(LogStream.STDERR);
    assertThat(r.time()).isEqualTo(Instant.parse("2026-11-28T06:26:30.5Z"));
    assertThat(r.line()).isEqualTo("abc");
  }

  @Test
  void parseK8s_emptyText_isEmptyLine() {
    assertThat(LogRecord.parseK8s("2026-11-28T06:26:30Z stdout F").line()).isEqualTo("\n");
    assertThat(LogRecord.parseK8s("2026-11-28T06:26:30Z stdout F ").line()).isEqualTo("\n");
  }

  @Test
  void parseK8s_textWithSpaces_keepsThemVerbatim() {
    assertThat(LogRecord.parseK8s("2026-11-28T06:26:30Z stdout F  a  b ").text()).isEqualTo(" a  b ");
  }

  @Test
  void parseK8s_unknownTag_failsNamingIt() {
    assertThatThrownBy(() -> LogRecord.parseK8s("2026-11-28T06:26:30Z stdout X hi"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("unknown tag \"X\"");
  }

  @Test
  void parseK8s_unknownStream_failsNamingIt() {
    assertThatThrownBy(() -> LogRecord.parseK8s("2026-11-28T06:26:30Z stdin F hi"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("unknown stream \"stdin\"");
  }

  @Test
  void parseK8s_badTimestamp_failsNamingIt() {
    assertThatThrownBy(() -> LogRecord.parseK8s("yesterday stdout F hi"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("bad timestamp \"yesterday\"");
  }

  @Test
  void parseK8s_noStreamField_fails() {
    assertThatThrownBy(() -> LogRecord.parseK8s("garbage"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("no stream field");
  }

  @Test
  void toDockerJson_fullLine_isDockersJsonFileShape() {
    LogRecord r = LogRecord.parseK8s("2026-11-28T06:26:30.060323934+00:00 stderr F say \"x\"");
    assertThat(r.toDockerJson())
        .isEqualTo("{\"log\":\"say \\\"x\\\"\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-28T06:26:30.060323934Z\"}");
  }
}
