package dev.berth.cli.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The flag value parsers and the detach-key filter. */
class ValuesTest {
  @ParameterizedTest
  @CsvSource({"64m,67108864", "1g,1073741824", "512,512", "1.5k,1536", "2MiB,2097152", "10b,10", "1KB,1024"})
  void bytes_dockerSizes_parseAsRamInBytes(String text, long expected) {
    assertThat(Values.bytes("-m", text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"1s,1000000000", "1m30s,90000000000", "300ms,300000000", "1.5h,5400000000000", "0,0", "2us,2000"})
  void durationNanos_goDurations_parse(String text, long expected) {
    assertThat(Values.durationNanos("--health-interval", text)).isEqualTo(expected);
  }

  @Test
  void durationNanos_garbage_isInvalid() {
    assertThatThrownBy(() -> Values.durationNanos("--health-timeout", "5x")).hasMessageEndingWith("time: invalid duration \"5x\"");
  }

  @Test
  void nanoCpus_fractions_areExactOrRefused() {
    assertThat(Values.nanoCpus("--cpus", "0.25")).isEqualTo(250_000_000L);
    assertThat(Values.nanoCpus("--cpus", "3/2")).isEqualTo(1_500_000_000L);
    assertThatThrownBy(() -> Values.nanoCpus("--cpus", "0.0000000001")).hasMessageEndingWith("value is too precise");
  }

  @Test
  void copyStdin_detachKeys_stopBeforeThemAndPassPartialMatchesOn() throws Exception {
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    byte[] input = {'a', 16, 'b', 16, 16, 17, 'z'};
    boolean detached = StreamSession.copyStdin(new ByteArrayInputStream(input), sent, new byte[] {16, 17});
    assertThat(detached).isTrue();
    assertThat(sent.toByteArray()).containsExactly('a', 16, 'b', 16);
  }

  @Test
  void copyStdin_noKeys_copiesAllAndReportsEnd() throws Exception {
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    assertThat(StreamSession.copyStdin(new ByteArrayInputStream("hi\u0010\u0011".getBytes(StandardCharsets.UTF_8)), sent, new byte[0])).isFalse();
    assertThat(sent.toString(StandardCharsets.UTF_8)).isEqualTo("hi\u0010\u0011");
  }

  @Test
  void detachKeys_ctrlNames_becomeControlBytes() {
    assertThat(Policies.detachKeys("ctrl-p,ctrl-q")).containsExactly(16, 17);
    assertThat(Policies.detachKeys("ctrl-a,x")).containsExactly(1, 'x');
    assertThatThrownBy(() -> Policies.detachKeys("ctrl-1")).hasMessageContaining("Unknown character");
  }
}
