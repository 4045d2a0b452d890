package dev.berth.cli.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.image.ImportChanges;
import dev.berth.oci.ImageConfig.ContainerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaseImageTest {
  static final String LAYER = "sha256:" + "a".repeat(64);

  static JsonNode inspect(String layers, String cmd, String env) throws Exception {
    return new ObjectMapper().readTree("{\"Id\":\"sha256:" + "b".repeat(64) + "\",\"RootFS\":{\"Type\":\"layers\",\"Layers\":" + layers
        + "},\"Config\":{\"Cmd\":" + cmd + ",\"Env\":" + env + "}}");
  }

  @Test
  void changes_busybox_parseBackToItsCmdAndEnv() {
    ContainerConfig config = ImportChanges.apply(null, BaseImage.BUSYBOX.changes());
    assertThat(config.cmd()).isEqualTo(List.of("/bin/sh"));
    assertThat(config.env()).isEqualTo(List.of("PATH=/bin"));
  }

  @Test
  void changes_ambassador_parseBackToItsEntrypointAndLabel() {
    ContainerConfig config = ImportChanges.apply(null, BaseImage.AMBASSADOR.changes());
    assertThat(config.entrypoint()).containsExactly("/bin/berth-ambassador");
    assertThat(config.labels()).containsEntry(dev.berth.engine.AmbassadorService.LABEL, "1");
  }

  @Test
  void isSatisfiedBy_ambassadorWithoutItsLabel_false() throws Exception {
    JsonNode plain = inspect("[\"" + LAYER + "\"]", "[]", "[\"PATH=/bin\"]");
    assertThat(BaseImage.AMBASSADOR.isSatisfiedBy(plain, LAYER)).isFalse();
  }

  @Test
  void changes_quotesInCmd_areEscapedJson() {
    BaseImage odd = new BaseImage("x", "1", List.of("echo", "say \"hi\"\\"), List.of());
    assertThat(ImportChanges.apply(null, odd.changes()).cmd()).containsExactly("echo", "say \"hi\"\\");
  }

  @Test
  void isSatisfiedBy_sameLayerCmdEnv_true() throws Exception {
    assertThat(BaseImage.BUSYBOX.isSatisfiedBy(inspect("[\"" + LAYER + "\"]", "[\"/bin/sh\"]", "[\"PATH=/bin\"]"), LAYER)).isTrue();
  }

  @Test
  void isSatisfiedBy_otherLayer_false() throws Exception {
    String other = "sha256:" + "c".repeat(64);
    assertThat(BaseImage.BUSYBOX.isSatisfiedBy(inspect("[\"" + other + "\"]", "[\"/bin/sh\"]", "[\"PATH=/bin\"]"), LAYER)).isFalse();
  }

  @Test
  void isSatisfiedBy_extraLayer_false() throws Exception {
    String two = "[\"" + LAYER + "\",\"sha256:" + "c".repeat(64) + "\"]";
    assertThat(BaseImage.BUSYBOX.isSatisfiedBy(inspect(two, "[\"/bin/sh\"]", "[\"PATH=/bin\"]"), LAYER)).isFalse();
  }

  @Test
  void isSatisfiedBy_otherCmdOrEnv_false() throws Exception {
    String layers = "[\"" + LAYER + "\"]";
    assertThat(BaseImage.BUSYBOX.isSatisfiedBy(inspect(layers, "[\"/bin/ash\"]", "[\"PATH=/bin\"]"), LAYER)).isFalse();
    assertThat(BaseImage.BUSYBOX.isSatisfiedBy(inspect(layers, "[\"/bin/sh\"]", "[\"PATH=/bin\",\"X=1\"]"), LAYER)).isFalse();
    assertThat(BaseImage.BUSYBOX.isSatisfiedBy(inspect(layers, "null", "null"), LAYER)).isFalse();
  }

  @Test
  void new_envWithoutName_isRejected() {
    assertThatThrownBy(() -> new BaseImage("x", "1", List.of(), List.of("=v"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("=v");
  }

  @Test
  void layerDigest_bytesAndFile_agree(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    byte[] data = "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    java.nio.file.Path f = java.nio.file.Files.write(tmp.resolve("t"), data);
    assertThat(LayerDigest.of(data)).isEqualTo("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    assertThat(LayerDigest.of(f)).isEqualTo(LayerDigest.of(data));
  }
}
