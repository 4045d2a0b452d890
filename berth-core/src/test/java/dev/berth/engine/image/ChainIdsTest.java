package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainIdsTest {
  @Test
  void of_followsTheOciDefinition() {
    Digest l0 = Digest.sha256("layer0".getBytes());
    Digest l1 = Digest.sha256("layer1".getBytes());
    Digest l2 = Digest.sha256("layer2".getBytes());

    List<Digest> chain = ChainIds.of(List.of(l0, l1, l2));

    Digest c1 = Digest.sha256((l0 + " " + l1).getBytes(StandardCharsets.UTF_8));
    assertThat(chain).containsExactly(l0, c1, Digest.sha256((c1 + " " + l2).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void of_baseLayerAndEmptyList_chainIsTheDiffIdOrNothing() {
    Digest d = Digest.parse("sha256:" + "a".repeat(64));
    assertThat(ChainIds.of(List.of(d))).containsExactly(d);
    assertThat(ChainIds.of(List.of())).isEmpty();
    assertThat(ChainIds.next(null, d)).isEqualTo(d);
  }
}
