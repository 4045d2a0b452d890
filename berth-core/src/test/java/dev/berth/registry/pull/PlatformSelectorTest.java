package dev.berth.registry.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.NotFoundException;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.Index;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformSelectorTest {
  private static Descriptor entry(String seed, Platform p) {
    return Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(seed.getBytes()), 10).withPlatform(p);
  }

  private final Descriptor attestation = entry("att", new Platform("unknown", "unknown", null, null, null));
  private final Descriptor arm = entry("arm", new Platform("arm", "linux", null, null, "v7"));
  private final Descriptor arm64 = entry("arm64", new Platform("arm64", "linux", null, null, null));
  private final Descriptor amd64 = entry("amd64", Platform.LINUX_AMD64);
  private final Index index = Index.oci(List.of(attestation, arm, arm64, amd64));

  @Test
  void select_linuxAmd64_picksItsEntry() {
    assertThat(PlatformSelector.select(index, Platform.LINUX_AMD64)).isEqualTo(amd64);
  }

  @Test
  void select_arm64V8_matchesAnEntryWithoutVariant() {
    assertThat(PlatformSelector.select(index, new Platform("arm64", "linux", null, null, "v8"))).isEqualTo(arm64);
  }

  @Test
  void select_missingPlatform_saysWhatWasWanted() {
    assertThatThrownBy(() -> PlatformSelector.select(index, new Platform("s390x", "linux", null, null, null)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no matching manifest for linux/s390x in the manifest list entries");
  }

  @Test
  void select_wrongVariant_findsNothing() {
    assertThatThrownBy(() -> PlatformSelector.select(index, new Platform("arm", "linux", null, null, "v6")))
        .isInstanceOf(NotFoundException.class);
  }
}
