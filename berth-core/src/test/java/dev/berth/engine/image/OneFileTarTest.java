package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/** The one-file tar reads back, through a full tar reader, as the one file it was given, with a valid checksum. */
class OneFileTarTest {
  @Test
  void of_unevenData_readsBackAsOneFileWithItsModeAndBytes() throws IOException {
    byte[] data = new byte[1000];
    for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7);

    byte[] tar = OneFileTar.of("bin/busybox", 0755, data);

    assertThat(tar).hasSize(512 + 1024 + 1024);
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry e = in.getNextEntry();
      assertThat(e.getName()).isEqualTo("bin/busybox");
      assertThat(e.isFile()).isTrue();
      assertThat(e.getMode()).isEqualTo(0755);
      assertThat(e.getLongUserId()).isZero();
      assertThat(e.getLongGroupId()).isZero();
      assertThat(e.getModTime().getTime()).isZero();
      assertThat(e.isCheckSumOK()).isTrue();
      assertThat(in.readAllBytes()).isEqualTo(data);
      assertThat(in.getNextEntry()).isNull();
    }
  }

  @Test
  void of_emptyData_isAHeaderAndTheEndBlocks() throws IOException {
    byte[] tar = OneFileTar.of("x", 0644, new byte[0]);

    assertThat(tar).hasSize(512 + 1024);
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry e = in.getNextEntry();
      assertThat(e.getSize()).isZero();
      assertThat(e.getMode()).isEqualTo(0644);
      assertThat(in.getNextEntry()).isNull();
    }
  }

  @Test
  void of_sameInput_givesTheSameBytes() {
    byte[] data = "layer".getBytes();

    assertThat(OneFileTar.of("warmup-0", 0644, data)).isEqualTo(OneFileTar.of("warmup-0", 0644, data));
  }

  @Test
  void of_nameTooLongOrNotAscii_isRejected() {
    assertThatThrownBy(() -> OneFileTar.of("a".repeat(101), 0644, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100 ASCII characters");
    assertThatThrownBy(() -> OneFileTar.of("café", 0644, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("café");
    assertThatThrownBy(() -> OneFileTar.of("", 0644, new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void of_modeWithFileTypeBits_isRejected() {
    assertThatThrownBy(() -> OneFileTar.of("x", 0100644, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100644");
  }
}
