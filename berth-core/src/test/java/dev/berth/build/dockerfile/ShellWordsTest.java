package dev.berth.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShellWordsTest {
  private static final Map<String, String> VARS = Map.of(
      "HOME", "/root", "EMPTY", "", "SPACED", "a  b", "NAME", "berth", "FILE", "archive.tar.gz", "UNI", "ünï");
  private final ShellWords backslash = new ShellWords('\\');
  private final ShellWords backtick = new ShellWords('`');

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "plain|plain",
      "$HOME|/root",
      "${HOME}/app|/root/app",
      "$HOME/app|/root/app",
      "pre$NAME.post|preberth.post",
      "$UNSET|~~",
      "a${UNSET}b|ab",
      "${UNSET:-dflt}|dflt",
      "${EMPTY:-dflt}|dflt",
      "${EMPTY-dflt}|~~",
      "${UNSET-dflt}|dflt",
      "${NAME:-dflt}|berth",
      "${NAME:+alt}|alt",
      "${EMPTY:+alt}|~~",
      "${EMPTY+alt}|alt",
      "${UNSET+alt}|~~",
      "${UNSET:-$HOME/x}|/root/x",
      "${UNSET:-${NAME:-no}}|berth",
      "'$HOME'|$HOME",
      "\"$HOME\"|/root",
      "\"a'b\"|a'b",
      "'a\"b'|a\"b",
      "\\$HOME|$HOME",
      "\"\\$HOME\"|$HOME",
      "\"a\\\"b\"|a\"b",
      "\"a\\nb\"|a\\nb",
      "a\\ b|a b",
      "a\\\\b|a\\b",
      "trailing\\|trailing",
      "$|$",
      "$.|$.",
      "$1x|x",
      "${FILE%.*}|archive.tar",
      "${FILE%%.*}|archive",
      "${FILE#*.}|tar.gz",
      "${FILE##*.}|gz",
      "${FILE/tar/zip}|archive.zip.gz",
      "${NAME//r/R}|beRth",
      "$UNI|ünï",
      "\"$SPACED\"|a  b",
      "$SPACED|a  b",
  })
  void expand_word_matchesDocker(String word, String expected) {
    assertThat(backslash.expand(word, VARS)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "`$HOME|$HOME",
      "\"`$HOME\"|$HOME",
      "a` b|a b",
      "C:\\dir\\$NAME|C:\\dir\\berth",
      "\"C:\\temp\"|C:\\temp",
      "``|`",
      "\"a`\"b\"|a\"b",
  })
  void expand_backtickEscape_keepsBackslashLiteral(String word, String expected) {
    assertThat(backtick.expand(word, VARS)).isEqualTo(expected);
  }

  @Test
  void expandWords_unquotedExpansion_splitsOnWhitespace() {
    assertThat(backslash.expandWords("80 $SPACED \"$SPACED\" '$HOME'", VARS)).containsExactly("80", "a", "b", "a  b", "$HOME");
  }

  @Test
  void expandWords_emptyWords_areDropped() {
    // As BuildKit: a word that ends up empty, quoted or not, is not a word.
    assertThat(backslash.expandWords("a \"\" $EMPTY '' b", VARS)).containsExactly("a", "b");
  }

  @Test
  void expandWords_escapedSpace_staysInWord() {
    assertThat(backslash.expandWords("a\\ b c", VARS)).containsExactly("a b", "c");
    assertThat(backtick.expandWords("a` b c", VARS)).containsExactly("a b", "c");
  }

  @Test
  void expandWords_blank_givesNoWords() {
    assertThat(backslash.expandWords("   ", VARS)).isEmpty();
  }

  @Test
  void referenced_text_listsEveryName() {
    assertThat(backslash.referenced("$A ${B:-$C} '$D' \"$E\" \\$F ${G#x}")).containsExactly("A", "C", "B", "E", "G");
  }

  @Test
  void referenced_noVariables_isEmpty() {
    assertThat(backslash.referenced("echo 'hi' > /tmp/x")).isEmpty();
  }

  @Test
  void expand_syntaxErrors_throwNamingTheText() {
    for (String bad : List.of("'open", "\"open", "${A", "${}", "${:-x}", "${A:%x}", "${UNSET?must be set}", "${EMPTY:?}")) {
      assertThatThrownBy(() -> backslash.expand(bad, VARS))
          .as(bad)
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageStartingWith("cannot expand " + GoQuote.quote(bad) + ": ");
    }
  }

  @Test
  void expand_requiredVariableSet_givesValue() {
    assertThat(backslash.expand("${NAME?must be set}", VARS)).isEqualTo("berth");
  }

  @Test
  void escape_isTheConstructorCharacter() {
    assertThat(backtick.escape()).isEqualTo('`');
  }
}
