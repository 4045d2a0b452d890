package dev.berth.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BuildKit's parser corpus: every case's dump equals BuildKit's {@code result}, and every negative case is
 * refused. The corpus is under src/test/resources (see the README there for where it comes from).
 */
class SyntaxTreeGoldenTest {
  static Stream<String> positiveCases() throws IOException, URISyntaxException {
    return cases("/dockerfile-parser");
  }

  static Stream<String> negativeCases() throws IOException, URISyntaxException {
    return cases("/dockerfile-parser-negative");
  }

  private static Stream<String> cases(String root) throws IOException, URISyntaxException {
    Path dir = Path.of(SyntaxTreeGoldenTest.class.getResource(root).toURI());
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(Files::isDirectory).map(p -> root + "/" + p.getFileName()).sorted().toList().stream();
    }
  }

  private static String read(String resource) throws IOException, URISyntaxException {
    return Files.readString(Path.of(SyntaxTreeGoldenTest.class.getResource(resource).toURI()), StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("positiveCases")
  void dump_corpusCase_equalsBuildkitResult(String dir) throws Exception {
    SyntaxTree tree = SyntaxTree.parse(read(dir + "/Dockerfile"), "Dockerfile");

    assertThat(tree.dump()).isEqualTo(read(dir + "/result"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("negativeCases")
  void parse_negativeCase_throwsDockerfileException(String dir) throws Exception {
    String text = read(dir + "/Dockerfile");

    assertThatThrownBy(() -> SyntaxTree.parse(text, "Dockerfile"))
        .isInstanceOf(DockerfileException.class)
        .hasMessageStartingWith("Dockerfile:");
  }
}
