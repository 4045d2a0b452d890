package dev.berth.runtime.specgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilitySetTest {
  @Test
  void mask_defaultSet_isDockersCapEff() {
    assertThat(CapabilitySet.mask(CapabilitySet.DEFAULT)).isEqualTo(0xa80425fbL);
    assertThat(CapabilitySet.DEFAULT).hasSize(14);
  }

  @Test
  void normalize_acceptsDockersSpellings() {
    assertThat(CapabilitySet.normalize("net_admin")).isEqualTo("CAP_NET_ADMIN");
    assertThat(CapabilitySet.normalize("CAP_SYS_TIME")).isEqualTo("CAP_SYS_TIME");
    assertThat(CapabilitySet.normalize("all")).isEqualTo("ALL");
    assertThatThrownBy(() -> CapabilitySet.normalize("CAP_FLY")).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("CAP_FLY");
  }

  @Test
  void resolve_addAndDrop_changeTheDefault() {
    List<String> caps = CapabilitySet.resolve(false, List.of("SYS_PTRACE"), List.of("net_raw", "MKNOD"), TestHosts.HOST);
    assertThat(caps).contains("CAP_SYS_PTRACE").doesNotContain("CAP_NET_RAW", "CAP_MKNOD").hasSize(13);
  }

  @Test
  void resolve_dropAllThenAdd_keepsOnlyTheAdds() {
    assertThat(CapabilitySet.resolve(false, List.of("chown"), List.of("ALL"), TestHosts.HOST)).containsExactly("CAP_CHOWN");
  }

  @Test
  void resolve_addAll_givesWhatTheHostHoldsMinusDrops() {
    List<String> caps = CapabilitySet.resolve(false, List.of("ALL"), List.of("SYS_ADMIN"), TestHosts.HOST);
    assertThat(caps).doesNotContain("CAP_SYS_ADMIN", "CAP_SYS_RESOURCE").hasSize(CapabilitySet.ALL.size() - 2);
  }

  @Test
  void resolve_privileged_isEveryCapabilityInTheHostsBoundingSet() {
    List<String> caps = CapabilitySet.resolve(true, List.of(), List.of(), TestHosts.HOST);
    assertThat(CapabilitySet.mask(caps)).isEqualTo(0x1fffeffffffL);
  }
}
