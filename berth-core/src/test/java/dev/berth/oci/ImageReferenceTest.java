package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageReferenceTest {
  private static final String HEX = "a".repeat(64);

  @Test
  void parse_shortName_normalisesToDockerHubLibraryLatest() {
    ImageReference ref = ImageReference.parse("busybox");
    assertThat(ref.toString()).isEqualTo("docker.io/library/busybox:latest");
    assertThat(ref.familiar()).isEqualTo("busybox:latest");
  }

  @Test
  void parse_userRepository_keepsUserPath() {
    assertThat(ImageReference.parse("user/app:1.0").toString()).isEqualTo("docker.io/user/app:1.0");
  }

  @Test
  void parse_registryWithPort_keepsDomainAndFamiliarNameIsFull() {
    ImageReference ref = ImageReference.parse("localhost:5000/a/b:tag");
    assertThat(ref.domain()).isEqualTo("localhost:5000");
    assertThat(ref.path()).isEqualTo("a/b");
    assertThat(ref.tag()).isEqualTo("tag");
    assertThat(ref.familiar()).isEqualTo("localhost:5000/a/b:tag");
  }

  @Test
  void parse_digestOnly_hasNoTag() {
    ImageReference ref = ImageReference.parse("busybox@sha256:" + HEX);
    assertThat(ref.tag()).isNull();
    assertThat(ref.digest().encoded()).isEqualTo(HEX);
    assertThat(ref.toString()).isEqualTo("docker.io/library/busybox@sha256:" + HEX);
  }

  @Test
  void parse_indexDockerIo_isDockerIo() {
    assertThat(ImageReference.parse("index.docker.io/library/busybox").familiar()).isEqualTo("busybox:latest");
  }

  @Test
  void parse_upperCaseRepository_isRejectedWithReason() {
    assertThatThrownBy(() -> ImageReference.parse("BusyBox"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid reference format")
        .hasMessageContaining("lowercase");
  }

  @Test
  void parse_badDigest_isRejected() {
    assertThatThrownBy(() -> ImageReference.parse("busybox@sha256:xyz")).hasMessageContaining("invalid digest");
  }

  @Test
  void looksLikeId_hexPrefixes() {
    assertThat(ImageReference.looksLikeId("0123456789ab")).isTrue();
    assertThat(ImageReference.looksLikeId("sha256:" + HEX)).isTrue();
    assertThat(ImageReference.looksLikeId("busybox")).isFalse();
  }
}
