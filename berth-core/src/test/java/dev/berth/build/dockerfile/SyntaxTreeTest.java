package dev.berth.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyntaxTreeTest {
  private static SyntaxTree parse(String text) {
    return SyntaxTree.parse(text, "Dockerfile");
  }

  @Test
  void parse_directives_setSyntaxAndEscape() {
    SyntaxTree tree = parse("# syntax=docker/dockerfile:1\n#escape = `\n\nFROM a\nRUN echo `\n  done\n");

    assertThat(tree.syntax()).isEqualTo("docker/dockerfile:1");
    assertThat(tree.escape()).isEqualTo('`');
    assertThat(tree.dump()).isEqualTo("(from \"a\")\n(run \"echo   done\")\n");
  }

  @Test
  void parse_directiveAfterInstruction_isAComment() {
    SyntaxTree tree = parse("FROM a\n# escape=`\nRUN a \\\n b\n");

    assertThat(tree.escape()).isEqualTo('\\');
    assertThat(tree.dump()).isEqualTo("(from \"a\")\n(run \"a  b\")\n");
  }

  @Test
  void parse_otherCommentFirst_endsDirectives() {
    SyntaxTree tree = parse("# a comment\n# escape=`\nFROM a\n");

    assertThat(tree.escape()).isEqualTo('\\');
    assertThat(tree.syntax()).isNull();
  }

  @Test
  void parse_badDirectives_throwWithLine() {
    assertThatThrownBy(() -> parse("# escape=`\n# escape=\\\nFROM a\n"))
        .isInstanceOf(DockerfileException.class)
        .hasMessage("Dockerfile:2:1: only one escape parser directive can be used");
    assertThatThrownBy(() -> parse("# escape=x\nFROM a\n"))
        .isInstanceOf(DockerfileException.class)
        .hasMessage("Dockerfile:1:1: invalid escape token 'x' does not match ` or \\");
  }

  @Test
  void parse_continuationWithCommentsAndBlankLines_joinsAndWarns() {
    SyntaxTree tree = parse("FROM a\nRUN echo \\\n  # inside\n\n  one \\\n  two\nRUN next\n");

    assertThat(tree.dump()).isEqualTo("(from \"a\")\n(run \"echo   one   two\")\n(run \"next\")\n");
    Node run = tree.nodes().get(1);
    assertThat(run.startLine()).isEqualTo(2);
    assertThat(run.endLine()).isEqualTo(6);
    assertThat(run.original()).isEqualTo("RUN echo   one   two");
    assertThat(tree.warnings()).singleElement().asString()
        .startsWith("Dockerfile:6:1: empty continuation line found in: RUN echo   one   two");
  }

  @Test
  void parse_crlfAndByteOrderMark_areIgnored() {
    SyntaxTree tree = parse("\uFEFFFROM a\r\nRUN a \\\r\n b\r\n");

    assertThat(tree.dump()).isEqualTo("(from \"a\")\n(run \"a  b\")\n");
    assertThat(tree.nodes().get(1).endLine()).isEqualTo(3);
  }

  @Test
  void parse_heredocs_readBodiesAndLines() {
    SyntaxTree tree = parse("FROM a\nRUN <<-EOT cat <<\"B\" > /f\n\tx\n\tEOT\ny $z\nB\nRUN [\"sh\", \"<<EOF\"]\n");

    Node run = tree.nodes().get(1);
    assertThat(run.args()).containsExactly("<<-EOT cat <<\"B\" > /f");
    assertThat(run.heredocs()).containsExactly(new Heredoc("EOT", "x\n", true), new Heredoc("B", "y $z\n", false));
    assertThat(run.startLine()).isEqualTo(2);
    assertThat(run.endLine()).isEqualTo(6);
    Node json = tree.nodes().get(2);
    assertThat(json.json()).isTrue();
    assertThat(json.heredocs()).isEmpty();
    assertThat(json.startLine()).isEqualTo(7);
  }

  @Test
  void parse_heredocUnderOnbuild_isRead() {
    SyntaxTree tree = parse("FROM a\nONBUILD RUN <<EOF\nhi\nEOF\n");

    assertThat(tree.nodes().get(1).heredocs()).containsExactly(new Heredoc("EOF", "hi\n", true));
    assertThat(tree.dump()).isEqualTo("(from \"a\")\n(onbuild (run \"<<EOF\"))\n");
  }

  @Test
  void dump_flagsNestedAndUnknown_asBuildkit() {
    SyntaxTree tree = parse("""
        FROM a
        FOO bar
        ONBUILD ADD --chown=x a b
        HEALTHCHECK --interval=5s CMD ["a","b"]
        HEALTHCHECK NONE
        COPY --chown="me you" --from=a\\ b x y
        ENV tab="a\tb" uni=\u00e9\u2603
        """);

    assertThat(tree.dump()).isEqualTo("""
        (from "a")
        (foo "")
        (onbuild (add ["--chown=x"] "a" "b"))
        (healthcheck ["--interval=5s"] "CMD" "a" "b")
        (healthcheck "NONE")
        (copy ["--chown=me you" "--from=a b"] "x" "y")
        (env "tab" "\\"a\\tb\\"" "=" "uni" "\u00e9\u2603" "=")
        """);
  }

  @Test
  void dump_controlCharacters_goQuoted() {
    SyntaxTree tree = parse("CMD [\"\\u0001\\u007f\\u00a0\\ud83d\\ude00\\u200b\"]\n");

    assertThat(tree.dump()).isEqualTo("(cmd \"\\x01\\x7f\\u00a0\uD83D\uDE00\\u200b\")\n");
  }

  @Test
  void parse_jsonForms_fallBackToShellWhenInvalid() {
    SyntaxTree tree = parse("CMD [\"a\",]\nCMD [\"a\"] extra\nCMD []\nVOLUME [\"/a\" \"/b\"]\n");

    assertThat(tree.nodes()).extracting(Node::json).containsExactly(false, false, true, false);
    assertThat(tree.dump()).isEqualTo("(cmd \"[\\\"a\\\",]\")\n(cmd \"[\\\"a\\\"] extra\")\n(cmd)\n(volume \"[\\\"/a\\\"\" \"\\\"/b\\\"]\")\n");
  }

  @Test
  void parse_nonStringJsonArray_throwsWithLine() {
    for (String bad : List.of("CMD [1]", "RUN [\"a\", null]", "ENTRYPOINT [{\"a\": 1}]", "COPY [[\"a\"], \"b\"]")) {
      assertThatThrownBy(() -> parse("FROM a\n" + bad + "\n"))
          .as(bad)
          .isInstanceOf(DockerfileException.class)
          .hasMessage("Dockerfile:2:1: when using JSON array syntax, arrays must be comprised of strings only");
    }
  }

  @Test
  void parse_noInstructions_throws() {
    assertThatThrownBy(() -> parse("\n# only\n\n"))
        .isInstanceOf(DockerfileException.class)
        .hasMessageStartingWith("Dockerfile:3:1: file with no instructions");
  }

  @Test
  void parse_labelWithoutValue_throwsWithLine() {
    assertThatThrownBy(() -> parse("FROM a\n\nLABEL key\n"))
        .isInstanceOf(DockerfileException.class)
        .hasMessage("Dockerfile:3:1: LABEL must have two arguments");
  }

  @Test
  void parse_flagsThenDoubleDash_endFlags() {
    SyntaxTree tree = parse("COPY --a=1 -- --b=2 c\n");

    assertThat(tree.nodes().getFirst().flags()).containsExactly("--a=1");
    assertThat(tree.nodes().getFirst().args()).containsExactly("--b=2", "c");
  }

  @Test
  void parse_heredocDelimiterForms_asBuildkit() {
    SyntaxTree tree = parse("""
        FROM a
        RUN 3<<FD
        FD
        RUN "<<NOT" && echo
        USER <<NOTHERE
        RUN <<ab'c'
        x
        abc
        RUN <<ab\\'c
        y
        ab'c
        RUN <<'two words'
        z
        two words
        RUN <<  SPACED  > out
        SPACED
        COPY <<P <<Q /dest
        Q
        P
        P
        Q
        """);
    List<Node> nodes = tree.nodes();

    assertThat(nodes.get(1).heredocs()).containsExactly(new Heredoc("FD", "", true));
    assertThat(nodes.get(2).heredocs()).isEmpty();
    assertThat(nodes.get(3).heredocs()).isEmpty();
    assertThat(nodes.get(4).heredocs()).containsExactly(new Heredoc("abc", "x\n", false));
    assertThat(nodes.get(5).heredocs()).containsExactly(new Heredoc("ab'c", "y\n", true));
    assertThat(nodes.get(6).heredocs()).containsExactly(new Heredoc("two words", "z\n", false));
    assertThat(nodes.get(7).heredocs()).containsExactly(new Heredoc("SPACED", "", true));
    assertThat(nodes.get(8).heredocs()).containsExactly(new Heredoc("P", "Q\n", true), new Heredoc("Q", "P\n", true));
    assertThat(nodes).extracting(Node::startLine).containsExactly(1, 2, 4, 5, 6, 9, 12, 15, 17);
    assertThat(nodes).extracting(Node::endLine).containsExactly(1, 3, 4, 5, 8, 11, 14, 16, 21);
  }

  @Test
  void parse_lineNumbers_spanContinuationsAndSkipBlankLines() {
    SyntaxTree tree = parse("# escape=\\\n\n\nFROM a\n\n# note\nENV P \\\n/x\n\n\nRUN a \\\n\tb \\\n\n\n  c\n\n");

    assertThat(tree.nodes()).extracting(Node::startLine).containsExactly(4, 7, 11);
    assertThat(tree.nodes()).extracting(Node::endLine).containsExactly(4, 8, 15);
    assertThat(tree.dump()).isEqualTo("(from \"a\")\n(env \"P\" \"/x\" \"\")\n(run \"a \\tb   c\")\n");
  }
}
