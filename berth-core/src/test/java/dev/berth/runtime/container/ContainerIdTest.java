package dev.berth.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerIdTest {
  @Test
  void random_many_are64HexUniqueWithNonNumericShortId() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      ContainerId id = ContainerId.random();
      assertThat(id.hex()).matches("[0-9a-f]{64}");
      assertThat(id.shortId()).hasSize(12).isEqualTo(id.hex().substring(0, 12)).doesNotMatch("[0-9]+");
      assertThat(seen.add(id.hex())).isTrue();
    }
  }

  @Test
  void new_badText_throwsNamingIt() {
    assertThatThrownBy(() -> new ContainerId("ABC")).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("'ABC'");
    assertThatThrownBy(() -> new ContainerId("A".repeat(64))).isInstanceOf(InvalidArgumentException.class);
  }
}
