package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.Image;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageReference;
import dev.berth.oci.MediaTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PruneFiltersTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private static Image image(String created, Map<String, String> labels, boolean tagged) {
    ImageConfig.ContainerConfig cc = new ImageConfig.ContainerConfig(null, null, null, null, null, null, null, labels, null, null, null, null, null);
    ImageConfig config = new ImageConfig(created, null, "amd64", "linux", null, cc, null, null, null, null);
    Digest id = Digest.sha256(created.getBytes());
    return new Image(id, Descriptor.of(MediaTypes.OCI_MANIFEST, id, 1), config,
        tagged ? List.of(ImageReference.parse("app")) : List.of(), List.of(), 0, NOW);
  }

  @Test
  void until_acceptsGoDurationsTimestampsAndRfc3339() {
    assertThat(PruneFilters.until("24h", NOW)).isEqualTo(NOW.minus(Duration.ofHours(24)));
    assertThat(PruneFilters.until("1h30m", NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(90)));
    assertThat(PruneFilters.until("1.5s", NOW)).isEqualTo(NOW.minusMillis(1500));
    assertThat(PruneFilters.until("1700000000", NOW)).isEqualTo(Instant.ofEpochSecond(1700000000));
    assertThat(PruneFilters.until("2026-05-01", NOW)).isEqualTo(Instant.parse("2026-05-01T00:00:00Z"));
    assertThat(PruneFilters.until("2026-05-01T10:00:00+02:00", NOW)).isEqualTo(Instant.parse("2026-05-01T08:00:00Z"));
  }

  @Test
  void until_garbage_isInvalidArgument() {
    assertThatThrownBy(() -> PruneFilters.until("yesterday", NOW))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("until=yesterday");
  }

  @Test
  void matches_untilSelectsOnlyImagesCreatedBefore() {
    PruneFilters f = PruneFilters.parse(Map.of("until", List.of("24h")), NOW);
    assertThat(f.matches(image("2026-05-01T00:00:00Z", null, false), false)).isTrue();
    assertThat(f.matches(image("2026-06-01T11:00:00.123456789Z", null, false), false)).isFalse();
  }

  @Test
  void matches_danglingOnlyUnlessAll() {
    PruneFilters none = PruneFilters.parse(Map.of(), NOW);
    Image tagged = image("2026-05-01T00:00:00Z", null, true);
    assertThat(none.matches(tagged, false)).isFalse();
    assertThat(none.matches(tagged, true)).isTrue();
    assertThat(PruneFilters.parse(Map.of("dangling", List.of("false")), NOW).matches(tagged, false)).isTrue();
  }

  @Test
  void matches_labelAndNotLabel() {
    Image web = image("2026-05-01T00:00:00Z", Map.of("tier", "web"), false);
    assertThat(PruneFilters.parse(Map.of("label", List.of("tier")), NOW).matches(web, false)).isTrue();
    assertThat(PruneFilters.parse(Map.of("label", List.of("tier=web")), NOW).matches(web, false)).isTrue();
    assertThat(PruneFilters.parse(Map.of("label", List.of("tier=db")), NOW).matches(web, false)).isFalse();
    assertThat(PruneFilters.parse(Map.of("label!", List.of("tier")), NOW).matches(web, false)).isFalse();
    assertThat(PruneFilters.parse(Map.of("label!", List.of("keep")), NOW).matches(web, false)).isTrue();
  }

  @Test
  void parse_badDangling_isInvalidArgument() {
    assertThatThrownBy(() -> PruneFilters.parse(Map.of("dangling", List.of("maybe")), NOW))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("dangling=maybe");
  }
}
