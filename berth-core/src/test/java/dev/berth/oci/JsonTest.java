package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void manifest_roundTrip_keepsDigestsAndOmitsNulls() {
    Digest config = Digest.sha256("config".getBytes());
    Digest layer = Digest.sha256("layer".getBytes());
    Manifest m = Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, config, 6),
        List.of(Descriptor.of(MediaTypes.OCI_LAYER, layer, 5)));
    String json = Json.writeString(m);
    assertThat(json).contains("\"digest\":\"" + config + "\"").doesNotContain("null");
    assertThat(Json.read(json, Manifest.class)).isEqualTo(m);
  }

  @Test
  void imageConfig_readsDockerFieldNames() {
    String json = """
        {"architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin"],"Cmd":["/bin/sh"]},
         "rootfs":{"type":"layers","diff_ids":["sha256:%s"]},
         "history":[{"created_by":"x","empty_layer":true}],"unknown":1}
        """.formatted("b".repeat(64));
    ImageConfig c = Json.read(json, ImageConfig.class);
    assertThat(c.config().cmd()).containsExactly("/bin/sh");
    assertThat(c.diffIds()).hasSize(1);
    assertThat(c.history().get(0).isEmptyLayer()).isTrue();
  }

  @Test
  void read_malformed_namesTheType() {
    assertThatThrownBy(() -> Json.read("{", Manifest.class)).hasMessageContaining("malformed Manifest JSON");
  }

  @Test
  void digest_sha256OfEmpty_isWellKnown() {
    assertThat(Digest.sha256(new byte[0]).toString())
        .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}
