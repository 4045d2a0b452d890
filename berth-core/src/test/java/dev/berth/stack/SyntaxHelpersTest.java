package dev.berth.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small syntaxes under the reader: durations, shell words, .env lines, project names. */
class SyntaxHelpersTest {
  @Test
  void parseNanos_composeDurations_addUp() {
    assertThat(ComposeDuration.parseNanos("1m30s")).isEqualTo(90_000_000_000L);
    assertThat(ComposeDuration.parseNanos("1h")).isEqualTo(3_600_000_000_000L);
    assertThat(ComposeDuration.parseNanos("1.5s")).isEqualTo(1_500_000_000L);
    assertThat(ComposeDuration.parseNanos("250ms")).isEqualTo(250_000_000L);
    assertThat(ComposeDuration.parseNanos("10us")).isEqualTo(10_000L);
    assertThat(ComposeDuration.parseNanos("0")).isZero();
  }

  @Test
  void parseNanos_bareNumberOrUnknownUnit_isRefused() {
    assertThatThrownBy(() -> ComposeDuration.parseNanos("30")).hasMessageContaining("invalid duration '30'");
    assertThatThrownBy(() -> ComposeDuration.parseNanos("3d")).hasMessageContaining("invalid duration '3d'");
    assertThatThrownBy(() -> ComposeDuration.parseNanos("")).hasMessageContaining("invalid duration");
  }

  @Test
  void split_quotesAndEscapes_followTheShell() {
    assertThat(ShellWords.split("  a  'b c' \"d \\\"e\\\" $f\" g\\ h ''")).containsExactly("a", "b c", "d \"e\" $f", "g h", "");
    assertThat(ShellWords.split("")).isEmpty();
    assertThat(ShellWords.split("x\"y z\"w")).containsExactly("xy zw");
  }

  @Test
  void split_unclosedQuote_isRefused() {
    assertThatThrownBy(() -> ShellWords.split("echo 'oops")).hasMessageContaining("unclosed single quote");
    assertThatThrownBy(() -> ShellWords.split("echo \"oops")).hasMessageContaining("unclosed double quote");
  }

  @Test
  void parse_dotEnvLines_handleQuotesCommentsAndBareKeys() {
    List<String> warnings = new ArrayList<>();
    Map<String, String> env = DotEnv.parse("""
        A=1
        B = spaced
        C="line\\nbreak"
        D='$A'
        E=$A$A # two
        FROM_ENV
        UNSET_BARE
        F=
        """, Map.of("FROM_ENV", "x"), warnings::add);
    assertThat(env).containsExactly(Map.entry("A", "1"), Map.entry("B", "spaced"), Map.entry("C", "line\nbreak"),
        Map.entry("D", "$A"), Map.entry("E", "11"), Map.entry("FROM_ENV", "x"), Map.entry("F", ""));
    assertThat(warnings).isEmpty();
  }

  @Test
  void parse_dotEnvUnclosedQuote_givesTheLine() {
    assertThatThrownBy(() -> DotEnv.parse("A=1\nB=\"open\n", Map.of(), w -> {}))
        .isInstanceOfSatisfying(DotEnv.DotEnvException.class, e -> assertThat(e.line).isEqualTo(2))
        .hasMessage("unclosed double quote");
  }

  @Test
  void fromDirectory_lowercasesAndDropsOtherCharacters() {
    assertThat(ProjectNames.fromDirectory("My App.v2")).isEqualTo("myappv2");
    assertThat(ProjectNames.fromDirectory("_web-site_")).isEqualTo("web-site_");
    assertThat(ProjectNames.fromDirectory("ÄÖ")).isEmpty();
    assertThat(ProjectNames.isValid("shop_1")).isTrue();
    assertThat(ProjectNames.isValid("Shop")).isFalse();
    assertThat(ProjectNames.isValid("-x")).isFalse();
  }
}
