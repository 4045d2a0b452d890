package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumingBlobStreamTest {
  private final byte[] blob = new byte[10_000];
  private final List<Long> offsets = new ArrayList<>();

  ResumingBlobStreamTest() {
    for (int i = 0; i < blob.length; i++) blob[i] = (byte) (i * 31);
  }

  /** Serves the blob from the offset, cutting each answer after {@code cut} bytes, by EOF or by an error. */
  private ResumingBlobStream.Opener cutting(int cut, boolean fail) {
    return offset -> {
      offsets.add(offset);
      int end = (int) Math.min(blob.length, offset + cut);
      InputStream part = new ByteArrayInputStream(Arrays.copyOfRange(blob, (int) offset, end));
      if (!fail || end == blob.length) return part;
      return new InputStream() {
        @Override
        public int read() throws IOException {
          int b = part.read();
          if (b < 0) throw new IOException("connection reset");
          return b;
        }
      };
    };
  }

  @Test
  void read_truncatedBodies_resumeFromTheByteReached() throws IOException {
    try (var in = new ResumingBlobStream(cutting(4000, false), Digest.sha256(blob), blob.length)) {
      assertThat(in.readAllBytes()).isEqualTo(blob);
    }
    assertThat(offsets).containsExactly(0L, 4000L, 8000L);
  }

  @Test
  void read_brokenConnections_resume() throws IOException {
    try (var in = new ResumingBlobStream(cutting(3000, true), Digest.sha256(blob), blob.length)) {
      assertThat(in.readAllBytes()).isEqualTo(blob);
    }
    assertThat(offsets).containsExactly(0L, 3000L, 6000L, 9000L);
  }

  @Test
  void read_tooManyBreaks_givesUpNamingTheDigest() {
    Digest d = Digest.sha256(blob);
    var in = new ResumingBlobStream(cutting(100, false), d, blob.length);

    assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining(d.toString()).hasMessageContaining("gave up");
  }
}
