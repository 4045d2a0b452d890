package dev.berth.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.ApiVersion;
import dev.berth.api.Request;
import dev.berth.engine.events.Event;
import dev.berth.errors.InvalidArgumentException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventQueryTest {
  private static final String ID = "sha256:" + "ab".repeat(32);

  private static EventQuery query(Map<String, String> params) {
    Map<String, List<String>> q = new java.util.HashMap<>();
    params.forEach((k, v) -> q.put(k, List.of(v)));
    return EventQuery.of(new Request("GET", "/events", ApiVersion.CURRENT, q, h -> null, Map.of(), InputStream.nullInputStream()));
  }

  private static Event tag(String name, long nanos) {
    return new Event("image", "tag", ID, Map.of("name", name), nanos);
  }

  @Test
  void parseNanos_unixSecondsWithFraction_andRfc3339() {
    assertThat(EventTime.parseNanos("since", "1700000000")).isEqualTo(1_700_000_000_000_000_000L);
    assertThat(EventTime.parseNanos("since", "1700000000.5")).isEqualTo(1_700_000_000_500_000_000L);
    assertThat(EventTime.parseNanos("since", "1700000000.000000001")).isEqualTo(1_700_000_000_000_000_001L);
    assertThat(EventTime.parseNanos("since", "2023-11-14T22:13:20Z")).isEqualTo(1_700_000_000_000_000_000L);
  }

  @Test
  void parseNanos_garbage_isBadRequestNamingTheParameter() {
    assertThatThrownBy(() -> EventTime.parseNanos("until", "yesterday"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid until time \"yesterday\"");
  }

  @Test
  void of_untilBeforeSince_isBadRequest() {
    assertThatThrownBy(() -> query(Map.of("since", "20", "until", "10"))).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void matches_typeAndEventFilters() {
    EventQuery q = query(Map.of("filters", "{\"type\":[\"image\"],\"event\":[\"untag\",\"tag\"]}"));
    assertThat(q.matches(tag("busybox:latest", 1))).isTrue();
    assertThat(q.matches(new Event("image", "delete", ID, Map.of(), 1))).isFalse();
    assertThat(q.matches(new Event("container", "tag", "c1", Map.of(), 1))).isFalse();
  }

  @Test
  void matches_imageFilter_byNameWithOrWithoutTagOrIdPrefix() {
    assertThat(query(Map.of("filters", "{\"image\":[\"busybox\"]}")).matches(tag("busybox:latest", 1))).isTrue();
    assertThat(query(Map.of("filters", "{\"image\":[\"busybox:latest\"]}")).matches(tag("busybox:latest", 1))).isTrue();
    assertThat(query(Map.of("filters", "{\"image\":[\"abab\"]}")).matches(tag("x:1", 1))).isTrue();
    assertThat(query(Map.of("filters", "{\"image\":[\"alpine\"]}")).matches(tag("busybox:latest", 1))).isFalse();
    assertThat(query(Map.of("filters", "{\"image\":[\"busybox:1\"]}")).matches(tag("busybox:latest", 1))).isFalse();
  }

  @Test
  void matches_eventAfterUntil_isExcluded() {
    EventQuery q = query(Map.of("until", "10"));
    assertThat(q.matches(tag("a:1", 10_000_000_000L))).isTrue();
    assertThat(q.matches(tag("a:1", 10_000_000_001L))).isFalse();
  }

  @Test
  void replayFromNano_followsDockerd() {
    assertThat(query(Map.of()).replayFromNano()).isEqualTo(-1);
    assertThat(query(Map.of("since", "5")).replayFromNano()).isEqualTo(5_000_000_000L);
    assertThat(query(Map.of("until", "5")).replayFromNano()).isZero();
  }

  @Test
  void of_unknownFilter_isBadRequest() {
    assertThatThrownBy(() -> query(Map.of("filters", "{\"colour\":[\"x\"]}"))).isInstanceOf(InvalidArgumentException.class);
  }
}
