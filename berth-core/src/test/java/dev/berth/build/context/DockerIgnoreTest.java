package dev.berth.build.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerIgnoreTest {
  private static DockerIgnore ignore(String... lines) {
    return DockerIgnore.parse(String.join("\n", lines) + "\n");
  }

  @Test
  void excluded_starSlashTemp_matchesOneLevelDown() {
    DockerIgnore i = ignore("*/temp*");
    assertThat(i.excluded("somedir/temporary.txt")).isTrue();
    assertThat(i.excluded("somedir/temp")).isTrue();
    assertThat(i.excluded("somedir/temp/inside.txt")).isTrue();
    assertThat(i.excluded("temp.txt")).isFalse();
    assertThat(i.excluded("a/b/temp.txt")).isFalse();
  }

  @Test
  void excluded_starSlashStarSlashTemp_matchesTwoLevelsDown() {
    DockerIgnore i = ignore("*/*/temp*");
    assertThat(i.excluded("somedir/subdir/temporary.txt")).isTrue();
    assertThat(i.excluded("somedir/temporary.txt")).isFalse();
  }

  @Test
  void excluded_questionMark_matchesExactlyOneCharacter() {
    DockerIgnore i = ignore("temp?");
    assertThat(i.excluded("tempa")).isTrue();
    assertThat(i.excluded("tempb")).isTrue();
    assertThat(i.excluded("temp")).isFalse();
    assertThat(i.excluded("tempab")).isFalse();
    assertThat(i.excluded("temp/")).isFalse();
  }

  @Test
  void excluded_doubleStarGo_matchesAtAnyDepth() {
    DockerIgnore i = ignore("**/*.go");
    assertThat(i.excluded("main.go")).isTrue();
    assertThat(i.excluded("cmd/tool/main.go")).isTrue();
    assertThat(i.excluded("main.gox")).isFalse();
  }

  @Test
  void excluded_doubleStarInTheMiddle_matchesZeroOrMoreDirectories() {
    DockerIgnore i = ignore("a/**/b");
    assertThat(i.excluded("a/b")).isTrue();
    assertThat(i.excluded("a/x/y/b")).isTrue();
    assertThat(i.excluded("a/x/y/b/file")).isTrue();
    assertThat(i.excluded("a/x/y/c")).isFalse();
  }

  @Test
  void excluded_trailingDoubleStar_matchesEverythingBelowButNotTheDirectory() {
    DockerIgnore i = ignore("foo/**");
    assertThat(i.excluded("foo/x")).isTrue();
    assertThat(i.excluded("foo/x/y")).isTrue();
    assertThat(i.excluded("foo")).isFalse();
    assertThat(i.excluded("foobar")).isFalse();
  }

  @Test
  void excluded_doubleStarAlone_matchesEverything() {
    assertThat(ignore("**").excluded("any/thing")).isTrue();
    assertThat(ignore("**/foo").excluded("foo")).isTrue();
    assertThat(ignore("**/foo").excluded("a/b/foo")).isTrue();
    assertThat(ignore("**/foo").excluded("a/bfoo")).isFalse();
  }

  @Test
  void excluded_exceptionAfterPattern_bringsFileBack() {
    DockerIgnore i = ignore("*.md", "!README.md");
    assertThat(i.excluded("CHANGES.md")).isTrue();
    assertThat(i.excluded("README.md")).isFalse();
    assertThat(i.excluded("docs/guide.md")).isFalse(); // * does not cross /
  }

  @Test
  void excluded_lastMatchingLineWins() {
    assertThat(ignore("*.md", "!README*.md", "README-secret.md").excluded("README-secret.md")).isTrue();
    assertThat(ignore("*.md", "!README*.md", "README-secret.md").excluded("README-public.md")).isFalse();
    assertThat(ignore("*.md", "README-secret.md", "!README*.md").excluded("README-secret.md")).isFalse();
  }

  @Test
  void excluded_directoryPattern_excludesEverythingBelow() {
    DockerIgnore i = ignore("node_modules");
    assertThat(i.excluded("node_modules")).isTrue();
    assertThat(i.excluded("node_modules/a/b.js")).isTrue();
    assertThat(i.excluded("src/node_modules")).isFalse();
  }

  @Test
  void excluded_exceptionBelowExcludedDirectory_bringsThatFileBack() {
    DockerIgnore i = ignore("docs", "!docs/README.md");
    assertThat(i.excluded("docs/README.md")).isFalse();
    assertThat(i.excluded("docs/other.md")).isTrue();
    assertThat(i.excluded("docs")).isTrue();
  }

  @Test
  void parse_leadingSlashDotSlashAndTrailingSlash_areCleaned() {
    DockerIgnore i = ignore("/foo", "./bar/", "baz//qux/../x");
    assertThat(i.patterns()).containsExactly("foo", "bar", "baz/x");
    assertThat(i.excluded("foo")).isTrue();
    assertThat(i.excluded("bar/x")).isTrue();
    assertThat(i.excluded("baz/x")).isTrue();
  }

  @Test
  void parse_commentsBlankLinesBomAndCrlf_areSkipped() {
    DockerIgnore i = DockerIgnore.parse("\uFEFF# a comment\r\n\r\n   \r\n*.log\r\n  # not a comment\r\n");
    assertThat(i.patterns()).containsExactly("*.log", "# not a comment");
    assertThat(i.excluded("x.log")).isTrue();
    assertThat(i.excluded("# a comment")).isFalse();
  }

  @Test
  void parse_exceptionWithSpaces_isTrimmedAndCleaned() {
    assertThat(ignore("!  /keep/ ").patterns()).containsExactly("!keep");
  }

  @Test
  void parse_loneExclamationMark_isRejectedWithItsLine() {
    assertThatThrownBy(() -> ignore("a", "!"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("line 2");
  }

  @Test
  void parse_unclosedBracket_isRejectedWithItsLine() {
    assertThatThrownBy(() -> ignore("# c", "", "a[b"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("a[b");
  }

  @Test
  void parse_trailingBackslashOrReversedRange_isRejected() {
    assertThatThrownBy(() -> ignore("a\\")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> ignore("[z-a]")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> ignore("[]")).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void excluded_characterClassesAndEscapes_followFilepathMatch() {
    assertThat(ignore("[a-c].txt").excluded("b.txt")).isTrue();
    assertThat(ignore("[a-c].txt").excluded("d.txt")).isFalse();
    assertThat(ignore("[^a].txt").excluded("a.txt")).isFalse();
    assertThat(ignore("[^a].txt").excluded("b.txt")).isTrue();
    assertThat(ignore("\\*.txt").excluded("*.txt")).isTrue();
    assertThat(ignore("\\*.txt").excluded("a.txt")).isFalse();
    assertThat(ignore("[\\]]x").excluded("]x")).isTrue();
    assertThat(ignore("a.(b)+").excluded("a.(b)+")).isTrue();
    assertThat(ignore("a.(b)+").excluded("aX(b)")).isFalse();
  }

  @Test
  void excluded_nonAsciiNames_matchWholeCharacters() {
    assertThat(ignore("caf\u00e9?.txt").excluded("caf\u00e9\uD83D\uDE00.txt")).isTrue();
    assertThat(ignore("\uD83D\uDE00*").excluded("\uD83D\uDE00-notes")).isTrue();
    assertThat(ignore("\uD83D\uDE00*").excluded("x\uD83D\uDE00")).isFalse();
  }

  @Test
  void excluded_pathGivenWithDotSlashOrSlash_isCleanedFirst() {
    DockerIgnore i = ignore("secret");
    assertThat(i.excluded("./secret")).isTrue();
    assertThat(i.excluded("/secret/key")).isTrue();
    assertThat(i.excluded(".")).isFalse();
  }

  @Test
  void mayIncludeUnder_exceptionBelowDirectory_isTrueOnlyWhereItCanMatch() {
    DockerIgnore i = ignore("*", "!keep/sub/x.txt");
    assertThat(i.mayIncludeUnder("keep")).isTrue();
    assertThat(i.mayIncludeUnder("keep/sub")).isTrue();
    assertThat(i.mayIncludeUnder("drop")).isFalse();
    assertThat(i.mayIncludeUnder("keep/other")).isFalse();
  }

  @Test
  void mayIncludeUnder_doubleStarException_isTrueEverywhere() {
    DockerIgnore i = ignore("*", "!**/README.md");
    assertThat(i.mayIncludeUnder("a")).isTrue();
    assertThat(i.mayIncludeUnder("a/b/c")).isTrue();
    assertThat(i.excluded("a/b/README.md")).isFalse();
    assertThat(i.excluded("a/b/other")).isTrue();
  }

  @Test
  void mayIncludeUnder_noExceptions_isFalse() {
    assertThat(ignore("docs").mayIncludeUnder("docs")).isFalse();
    assertThat(DockerIgnore.NONE.mayIncludeUnder("x")).isFalse();
    assertThat(DockerIgnore.NONE.excluded("x")).isFalse();
  }

  @Test
  void read_missingFile_isNone(@TempDir Path dir) {
    assertThat(DockerIgnore.read(dir).patterns()).isEmpty();
  }

  @Test
  void read_existingFile_parsesIt(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve(".dockerignore"), "*.tmp\n!keep.tmp\n");
    DockerIgnore i = DockerIgnore.read(dir);
    assertThat(i.patterns()).containsExactly("*.tmp", "!keep.tmp");
    assertThat(i.excluded("x.tmp")).isTrue();
    assertThat(i.excluded("keep.tmp")).isFalse();
  }
}
