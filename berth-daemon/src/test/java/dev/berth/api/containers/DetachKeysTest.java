package dev.berth.api.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;

/** Docker's detach-key notation. */
class DetachKeysTest {
  @Test
  void parse_defaultCtrlAndPlainKeys_giveTheirBytes() {
    assertThat(DetachKeys.parse(null).sequence()).containsExactly(16, 17);
    assertThat(DetachKeys.parse("").sequence()).containsExactly(16, 17);
    assertThat(DetachKeys.parse("ctrl-a,x,ctrl-@,ctrl-[,ctrl-_").sequence()).containsExactly(1, 'x', 0, 27, 31);
  }

  @Test
  void parse_badKeys_are400() {
    assertThatThrownBy(() -> DetachKeys.parse("ctrl-1")).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("ctrl-1");
    assertThatThrownBy(() -> DetachKeys.parse("ab")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> DetachKeys.parse("a,,b")).isInstanceOf(InvalidArgumentException.class);
  }
}
