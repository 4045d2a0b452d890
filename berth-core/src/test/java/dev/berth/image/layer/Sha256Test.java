package dev.berth.image.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha256Test {
  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static Digest hashInPieces(Sha256 sha, byte[] data, int piece) {
    for (int off = 0; off < data.length; off += piece) sha.update(data, off, Math.min(piece, data.length - off));
    return sha.digest();
  }

  @Test
  void openSsl_isAvailableOnThisMachine() {
    // The project's setup installs libssl3; without it the JDK's digest would silently be used.
    assertThat(Sha256.OpenSsl.AVAILABLE).isTrue();
    assertThat(Sha256.create()).isInstanceOf(Sha256.OpenSsl.class);
  }

  @Test
  void bothKinds_variousSizesAndPieces_matchTheJdkDigestOfTheWhole() {
    for (int size : new int[] {0, 1, 55, 64, 1000, 3 << 20}) {
      byte[] data = random(size);
      Digest want = Digest.sha256(data);
      for (int piece : new int[] {1 << 20, 4097}) {
        assertThat(hashInPieces(new Sha256.OpenSsl(), data, piece)).as("openssl %d/%d", size, piece).isEqualTo(want);
        assertThat(hashInPieces(new Sha256.Jdk(), data, piece)).as("jdk %d/%d", size, piece).isEqualTo(want);
      }
    }
  }

  @Test
  void openSsl_sliceOfALargerArray_hashesOnlyTheSlice() {
    byte[] data = random(10_000);
    Sha256 sha = new Sha256.OpenSsl();
    sha.update(data, 100, 5000);

    assertThat(sha.digest()).isEqualTo(Digest.sha256(java.util.Arrays.copyOfRange(data, 100, 5100)));
  }

  @Test
  void openSsl_discardTwiceAndAfterDigest_isHarmless() {
    Sha256 a = new Sha256.OpenSsl();
    a.discard();
    a.discard();
    Sha256 b = new Sha256.OpenSsl();
    b.digest();
    b.discard();
  }

  @Test
  void digestingStream_hasherFails_readingGoesOnAndDigestReportsTheFailure() throws IOException {
    Sha256 failing = new Sha256() {
      @Override
      public void update(byte[] b, int off, int len) {
        throw new IllegalStateException("boom");
      }

      @Override
      public Digest digest() {
        throw new AssertionError("not reached");
      }

      @Override
      public void discard() {}
    };
    byte[] data = random(9 << 20); // more chunks than the pool holds: a stuck hasher would block reads
    try (DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data), failing)) {
      byte[] buf = new byte[1 << 20];
      long total = 0;
      for (int n; (n = in.read(buf, 0, buf.length)) > 0; ) total += n;

      assertThat(total).isEqualTo(data.length);
      org.assertj.core.api.Assertions.assertThatThrownBy(in::digest).isInstanceOf(IOException.class)
          .hasMessageContaining("hashing the layer failed: boom");
    }
  }
}
