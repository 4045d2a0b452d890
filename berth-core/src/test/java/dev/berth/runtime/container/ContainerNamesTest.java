package dev.berth.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.util.random.RandomGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ContainerNamesTest {
  @Test
  void canonical_withOrWithoutSlash_hasOneLeadingSlash() {
    assertThat(ContainerNames.canonical("web")).isEqualTo("/web");
    assertThat(ContainerNames.canonical("/web")).isEqualTo("/web");
    assertThat(ContainerNames.canonical("a1_b.c-d")).isEqualTo("/a1_b.c-d");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "/a", "_web", "-web", ".web", "web app", "web/app", "//web", "wéb", ""})
  void canonical_invalid_throwsDockerMessage(String name) {
    assertThatThrownBy(() -> ContainerNames.canonical(name))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
  }

  @Test
  void nameGenerator_next_isAdjectiveUnderscoreSurnameThatIsValid() {
    NameGenerator g = new NameGenerator(RandomGenerator.of("L64X128MixRandom"));
    for (int i = 0; i < 200; i++) {
      String n = g.next(0);
      assertThat(n).matches("[a-z]+_[a-z]+");
      String[] parts = n.split("_");
      assertThat(NameGenerator.ADJECTIVES).contains(parts[0]);
      assertThat(NameGenerator.SURNAMES).contains(parts[1]);
      assertThat(ContainerNames.isValid(n)).isTrue();
    }
  }

  @Test
  void nameGenerator_retry_appendsDigit() {
    NameGenerator g = NameGenerator.create();
    assertThat(g.next(1)).matches("[a-z]+_[a-z]+[0-9]");
  }

  @Test
  void nameGenerator_unique_skipsNamesInUse() {
    NameGenerator g = NameGenerator.create();
    java.util.Set<String> seen = new java.util.HashSet<>();
    String name = g.unique(n -> !seen.add(n) || seen.size() < 3);
    assertThat(seen).hasSize(3);
    assertThat(name).isIn(seen);
  }

  @Test
  void nameGenerator_unique_everyNameTaken_throwsConflict() {
    assertThatThrownBy(() -> NameGenerator.create().unique(n -> true))
        .isInstanceOf(dev.berth.errors.ConflictException.class).hasMessageContaining("no free name");
  }
}
