package dev.berth.image.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompressionTest {
  private static final byte[] DATA = "layer bytes ".repeat(100).getBytes(StandardCharsets.US_ASCII);

  @Test
  void detect_magicBytes_identifiesEachCompression() throws IOException {
    assertThat(Compression.detect(LayerApplierTest.gzip(DATA))).isEqualTo(Compression.GZIP);
    assertThat(Compression.detect(LayerApplierTest.zstd(DATA))).isEqualTo(Compression.ZSTD);
    assertThat(Compression.detect(DATA)).isEqualTo(Compression.NONE);
    assertThat(Compression.detect(new byte[] {0x1f})).isEqualTo(Compression.NONE);
    assertThat(Compression.detect(new byte[0])).isEqualTo(Compression.NONE);
  }

  @Test
  void detect_stream_leavesItUnread() throws IOException {
    InputStream in = new java.io.BufferedInputStream(new ByteArrayInputStream(LayerApplierTest.gzip(DATA)));

    assertThat(Compression.detect(in)).isEqualTo(Compression.GZIP);
    assertThat(in.read()).isEqualTo(0x1f);
  }

  @Test
  void detect_streamWithoutMark_isRefused() {
    InputStream in = new java.io.FilterInputStream(new ByteArrayInputStream(DATA)) {
      @Override
      public boolean markSupported() {
        return false;
      }
    };

    assertThatThrownBy(() -> Compression.detect(in)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decompress_eachCompression_yieldsTheOriginalBytes() throws IOException {
    for (byte[] input : new byte[][] {DATA, LayerApplierTest.gzip(DATA), LayerApplierTest.zstd(DATA)}) {
      try (InputStream in = Compression.decompress(new ByteArrayInputStream(input))) {
        assertThat(in.readAllBytes()).isEqualTo(DATA);
      }
    }
  }
}
