package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FiltersTest {
  @Test
  void parse_listAndLegacyMapForms_giveTheSameValues() {
    assertThat(Filters.parse("{\"dangling\":[\"true\"]}").get("dangling")).containsExactly("true");
    assertThat(Filters.parse("{\"dangling\":{\"true\":true}}").get("dangling")).containsExactly("true");
  }

  @Test
  void parse_absent_isEmpty() {
    assertThat(Filters.parse(null).values()).isEmpty();
    assertThat(Filters.parse("").values()).isEmpty();
  }

  @Test
  void parse_malformed_isBadRequest() {
    assertThatThrownBy(() -> Filters.parse("{nope")).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid filter");
    assertThatThrownBy(() -> Filters.parse("[1]")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Filters.parse("{\"a\":[1]}")).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void allowOnly_unknownFilter_isBadRequestNamingIt() {
    assertThatThrownBy(() -> Filters.parse("{\"colour\":[\"red\"]}").allowOnly(Set.of("label")))
        .isInstanceOf(InvalidArgumentException.class).hasMessage("invalid filter 'colour'");
  }

  @Test
  void labelsMatch_keyAndKeyValue_matchAsDockerDoes() {
    Filters f = Filters.parse("{\"label\":[\"a\",\"b=2\"]}");
    assertThat(f.labelsMatch(Map.of("a", "x", "b", "2"))).isTrue();
    assertThat(f.labelsMatch(Map.of("a", "x", "b", "3"))).isFalse();
    assertThat(f.labelsMatch(Map.of("b", "2"))).isFalse();
  }

  @Test
  void bool_nonBoolean_isBadRequest() {
    assertThat(Filters.parse("{\"dangling\":[\"false\"]}").bool("dangling")).isFalse();
    assertThatThrownBy(() -> Filters.parse("{\"dangling\":[\"maybe\"]}").bool("dangling")).isInstanceOf(InvalidArgumentException.class);
  }
}
