package dev.berth.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ${VAR} interpolation through the whole reader, and the .env file beside the stack file. */
class StackFileInterpolationTest {
  @TempDir Path dir;

  private StackFileReader.Result load(String yaml, Map<String, String> env) {
    return StackFileReader.load(yaml, "stack.yml", dir, env, true);
  }

  private Map<String, String> environmentOf(String envLines, Map<String, String> env) {
    String yaml = "services:\n  a:\n    image: busybox\n    environment:\n" + envLines;
    return load(yaml, env).stack().services().getFirst().environment();
  }

  @Test
  void interpolate_allForms_followCompose() {
    Map<String, String> env = environmentOf("""
              PLAIN: $TAG
              BRACED: ${TAG}-x
              DEFAULT_UNSET: ${NOPE:-fallback}
              DEFAULT_EMPTY_COLON: ${EMPTY:-fallback}
              DEFAULT_EMPTY_NO_COLON: ${EMPTY-fallback}
              DEFAULT_NESTED: ${NOPE:-${TAG}}
              ALT: ${TAG:+set}
              ALT_UNSET: ${NOPE+set}
              DOLLAR: $$HOME costs $$5
              UNSET: "[${NOPE}]"
        """, Map.of("TAG", "1.2", "EMPTY", ""));
    assertThat(env).containsEntry("PLAIN", "1.2").containsEntry("BRACED", "1.2-x")
        .containsEntry("DEFAULT_UNSET", "fallback").containsEntry("DEFAULT_EMPTY_COLON", "fallback")
        .containsEntry("DEFAULT_EMPTY_NO_COLON", "").containsEntry("DEFAULT_NESTED", "1.2")
        .containsEntry("ALT", "set").containsEntry("ALT_UNSET", "").containsEntry("DOLLAR", "$HOME costs $5")
        .containsEntry("UNSET", "[]");
  }

  @Test
  void interpolate_unsetVariable_warnsOnceByName() {
    StackFileReader.Result r = load("services:\n  a:\n    image: busybox:${TAG}\n    hostname: ${TAG}\n", Map.of());
    assertThat(r.stack().services().getFirst().image()).isEqualTo("busybox:");
    assertThat(r.warnings()).containsExactly("The \"TAG\" variable is not set. Defaulting to a blank string.");
  }

  @Test
  void interpolate_requiredVariableMissing_isAnErrorWithLineAndMessage() {
    assertThatThrownBy(() -> load("services:\n  a:\n    image: busybox\n    user: ${USER_ID:?set USER_ID first}\n", Map.of()))
        .isInstanceOf(StackFileException.class)
        .hasMessage("stack.yml:4: services.a.user: required variable USER_ID is missing a value: set USER_ID first");
    assertThatThrownBy(() -> load("services:\n  a:\n    image: busybox\n    user: ${EMPTY?}\n", Map.of()))
        .hasMessageContaining("stack.yml:4: services.a.user: required variable EMPTY is missing a value");
  }

  @Test
  void interpolate_colonQuestionMark_refusesEmptyButPlainQuestionMarkTakesIt() {
    assertThat(environmentOf("      X: ${EMPTY?}\n", Map.of("EMPTY", ""))).containsEntry("X", "");
    assertThatThrownBy(() -> environmentOf("      X: ${EMPTY:?}\n", Map.of("EMPTY", "")))
        .hasMessageContaining("required variable EMPTY is missing a value");
  }

  @Test
  void interpolate_malformedExpressions_areErrorsWithTheirLines() {
    assertThatThrownBy(() -> load("""
        services:
          a:
            image: busybox
            command: echo $1
            hostname: ${unclosed
            user: ${}
        """, Map.of()))
        .isInstanceOf(StackFileException.class)
        .hasMessageContaining("stack.yml:4: services.a.command: invalid interpolation format in \"echo $1\"")
        .hasMessageContaining("stack.yml:5: services.a.hostname: invalid interpolation format")
        .hasMessageContaining("stack.yml:6: services.a.user: invalid interpolation format");
  }

  @Test
  void interpolate_portsAndBooleansAfterInterpolation_areTyped() {
    Service s = load("services:\n  a:\n    image: busybox\n    ports: [\"${PORT:-8080}:80\"]\n    privileged: ${PRIV}\n",
        Map.of("PRIV", "true")).stack().services().getFirst();
    assertThat(s.ports()).containsExactly(new Service.PortSpec(null, 8080, 80, "tcp"));
    assertThat(s.privileged()).isTrue();
  }

  @Test
  void interpolate_keysAreNotInterpolated() {
    assertThat(environmentOf("      $KEY: v\n", Map.of("KEY", "K"))).containsOnlyKeys("$KEY");
  }

  @Test
  void dotEnv_fillsWhatTheEnvironmentLacks() throws IOException {
    Files.writeString(dir.resolve(".env"), """
        # the stack's defaults
        TAG=1.0
        export NAME="web app"
        QUOTED='lit $TAG'
        REF=${TAG}-ref
        PORT=8080 # a comment
        """);
    Map<String, String> env = environmentOf("""
              TAG: $TAG
              NAME: $NAME
              QUOTED: $QUOTED
              REF: $REF
              PORT: $PORT
        """, Map.of("TAG", "2.0"));
    assertThat(env).containsEntry("TAG", "2.0").containsEntry("NAME", "web app").containsEntry("QUOTED", "lit $TAG")
        .containsEntry("REF", "2.0-ref").containsEntry("PORT", "8080");
  }

  @Test
  void dotEnv_notRead_whenTheCallerSaysSo() throws IOException {
    Files.writeString(dir.resolve(".env"), "TAG=1.0\n");
    StackFile s = StackFileReader.read("services:\n  a:\n    image: b:${TAG:-none}\n", "stack.yml", dir, Map.of(), false);
    assertThat(s.services().getFirst().image()).isEqualTo("b:none");
  }

  @Test
  void dotEnv_malformedLine_isReportedInTheDotEnvFile() throws IOException {
    Files.writeString(dir.resolve(".env"), "GOOD=1\nBAD KEY=2\n");
    assertThatThrownBy(() -> load("services:\n  a:\n    image: busybox\n", Map.of()))
        .isInstanceOf(StackFileException.class)
        .hasMessage(".env:2: invalid variable name 'BAD KEY'");
  }

  @Test
  void read_fromPath_usesTheFilesDirectoryForDotEnvAndPaths() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("proj"));
    Files.writeString(sub.resolve(".env"), "TAG=3\n");
    Path file = Files.writeString(sub.resolve("stack.yml"), "services:\n  a:\n    image: b:${TAG}\n    volumes: [./d:/d]\n");
    Service s = StackFileReader.read(file, Map.of()).services().getFirst();
    assertThat(s.image()).isEqualTo("b:3");
    assertThat(s.volumes().getFirst().source()).isEqualTo(sub.resolve("d").toString());
  }

  @Test
  void read_missingFile_namesIt() {
    Path missing = dir.resolve("nope.yml");
    assertThatThrownBy(() -> StackFileReader.read(missing, Map.of()))
        .isInstanceOf(StackFileException.class).hasMessage(missing + ": no such stack file");
  }
}
