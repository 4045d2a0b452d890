package dev.berth.runtime.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MonitorSpecTest {
  private final MonitorSpec spec = MonitorSpec.of("c1", Path.of("/b"), Path.of("/b/c1.log"));

  @Test
  void new_idWithSlash_isRejected() {
    assertThatThrownBy(() -> MonitorSpec.of("../etc", Path.of("/b"), Path.of("/l")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid container id \"../etc\"");
  }

  @Test
  void new_negativeLogCap_isRejected() {
    assertThatThrownBy(() -> spec.withLogSizeMax(-1)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void new_blankName_defaultsToTheId() {
    assertThat(spec.withName(" ").name()).isEqualTo("c1");
  }
}
