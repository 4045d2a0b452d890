package dev.berth.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.runtime.state.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerTest {
  private static final Digest IMAGE = Digest.parse("sha256:" + "cd".repeat(32));
  private static final ContainerConfig CONFIG = ContainerConfig.of(BasicConfig.of("busybox").withCmd(List.of("true")));

  @Test
  void newContainer_nameWithoutSlash_isCreatedWithCanonicalName() {
    ContainerId id = ContainerId.random();
    Container c = Container.newContainer(id, "web", Instant.EPOCH, IMAGE, CONFIG);
    assertThat(c.name()).isEqualTo("/web");
    assertThat(c.state().status()).isEqualTo(Status.CREATED);
    assertThat(c.restartCount()).isZero();
    assertThat(c.manuallyStopped()).isFalse();
    assertThat(c.describe()).isEqualTo("container " + id.shortId() + " (/web)");
  }

  @Test
  void newContainer_invalidName_throws() {
    assertThatThrownBy(() -> Container.newContainer(ContainerId.random(), "x", Instant.EPOCH, IMAGE, CONFIG))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("Invalid container name (x)");
  }

  @Test
  void processEnv_entryWithoutValue_isDroppedAfterOverridingImage() {
    ImageConfig.ContainerConfig image = new ImageConfig.ContainerConfig(
        null, null, List.of("LANG=C", "PATH=/bin"), null, List.of("sh"), null, null, null, null, null, null, null, null);
    BasicConfig merged = ImageConfigMerger.merge(image, ContainerConfig.of(BasicConfig.of("x").withEnv(List.of("LANG")))).basic();
    assertThat(merged.env()).containsExactly("LANG", "PATH=/bin");
    assertThat(merged.processEnv()).containsExactly("PATH=/bin");
  }
}
