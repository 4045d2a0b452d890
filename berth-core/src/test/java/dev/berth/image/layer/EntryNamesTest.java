package dev.berth.image.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class EntryNamesTest {
  @Test
  void components_relativeAbsoluteAndDotted_areCleaned() {
    assertThat(EntryNames.components("./usr//bin/./sh", "entry")).containsExactly("usr", "bin", "sh");
    assertThat(EntryNames.components("/etc/passwd", "entry")).containsExactly("etc", "passwd");
    assertThat(EntryNames.components("a/b/../c/", "entry")).containsExactly("a", "c");
    assertThat(EntryNames.components("./", "entry")).isEmpty();
  }

  @Test
  void components_climbingAboveRoot_isRefused() {
    assertThatThrownBy(() -> EntryNames.components("a/../../x", "entry")).isInstanceOf(InvalidArgumentException.class)
        .hasMessage("apply layer: entry 'a/../../x' points outside the target");
    assertThatThrownBy(() -> EntryNames.components("/../x", "entry")).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void components_longOrNulComponents_areRefused() {
    assertThat(EntryNames.components("é".repeat(127), "entry")).hasSize(1); // 254 bytes
    assertThatThrownBy(() -> EntryNames.components("é".repeat(128), "entry"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("255 bytes");
    assertThatThrownBy(() -> EntryNames.components("a\0b", "entry")).isInstanceOf(InvalidArgumentException.class);
  }
}
