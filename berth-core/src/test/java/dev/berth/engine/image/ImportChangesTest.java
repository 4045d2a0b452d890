package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.ImageConfig.ContainerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportChangesTest {
  private static ContainerConfig apply(String... changes) {
    return ImportChanges.apply(ContainerConfig.EMPTY, List.of(changes));
  }

  @Test
  void cmd_jsonForm_isKeptAsGiven() {
    assertThat(apply("CMD [\"nginx\", \"-g\", \"daemon off;\"]").cmd()).containsExactly("nginx", "-g", "daemon off;");
  }

  @Test
  void cmdAndEntrypoint_shellForm_runUnderBinSh() {
    ContainerConfig c = apply("cmd echo $HOME", "ENTRYPOINT exec top -b");
    assertThat(c.cmd()).containsExactly("/bin/sh", "-c", "echo $HOME");
    assertThat(c.entrypoint()).containsExactly("/bin/sh", "-c", "exec top -b");
  }

  @Test
  void cmd_malformedJson_fallsBackToShellFormAsDockerDoes() {
    assertThat(apply("CMD [oops").cmd()).containsExactly("/bin/sh", "-c", "[oops");
  }

  @Test
  void env_bothFormsAndRedefinition_keepOneEntryPerName() {
    ContainerConfig c = apply("ENV A=1 B=\"x y\"", "ENV C hello world", "ENV A=2");
    assertThat(c.env()).containsExactly("B=x y", "C=hello world", "A=2");
  }

  @Test
  void exposeVolumeLabel_parseTheirListForms() {
    ContainerConfig c = apply("EXPOSE 80 443/tcp 53/udp", "VOLUME [\"/a\", \"/b\"]", "VOLUME /c", "LABEL a=1 \"b\"='two words'");
    assertThat(c.exposedPorts()).containsOnlyKeys("80/tcp", "443/tcp", "53/udp");
    assertThat(c.volumes()).containsOnlyKeys("/a", "/b", "/c");
    assertThat(c.labels()).containsEntry("a", "1").containsEntry("b", "two words");
  }

  @Test
  void userAndWorkdir_areSet() {
    ContainerConfig c = apply("USER 1000:1000", "WORKDIR /app");
    assertThat(c.user()).isEqualTo("1000:1000");
    assertThat(c.workingDir()).isEqualTo("/app");
  }

  @Test
  void unknownInstruction_isInvalidArgumentNamingTheChange() {
    assertThatThrownBy(() -> apply("HEALTHCHECK NONE"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("invalid change \"HEALTHCHECK NONE\"")
        .hasMessageContaining("HEALTHCHECK is not a valid change command");
  }

  @Test
  void malformedArguments_areInvalidArguments() {
    assertThatThrownBy(() -> apply("EXPOSE eighty")).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid port");
    assertThatThrownBy(() -> apply("ENV")).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("needs an argument");
    assertThatThrownBy(() -> apply("LABEL a=\"open")).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("unterminated quote");
    assertThatThrownBy(() -> apply("ENV =x")).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("NAME=VALUE");
  }
}
