package dev.berth.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolatileOverlayTest {
  @TempDir Path dir;

  @Test
  void of_overlay_addsVolatileAndRemovesTheMarkerOfAnEarlierVolatileMount() throws IOException {
    Path work = dir.resolve("work");
    Files.createDirectories(work.resolve("work/incompat/volatile"));
    Mount overlay = new Mount("overlay", "overlay", List.of("upperdir=" + dir.resolve("fs"), "workdir=" + work, "lowerdir+=/l"));
    Mount bind = new Mount("bind", "/x", List.of("rbind"));

    List<Mount> out = VolatileOverlay.of(List.of(overlay, bind));

    assertThat(out.get(0).options()).endsWith("volatile").startsWith("upperdir=" + dir.resolve("fs"));
    assertThat(out.get(1)).isEqualTo(bind);
    assertThat(work.resolve("work/incompat")).exists();
    assertThat(work.resolve("work/incompat/volatile")).doesNotExist();
  }

  @Test
  void of_alreadyVolatile_unchanged() throws IOException {
    Mount m = new Mount("overlay", "overlay", List.of("lowerdir=/a:/b", "volatile"));
    assertThat(VolatileOverlay.of(List.of(m))).containsExactly(m);
  }
}
