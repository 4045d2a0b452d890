package dev.berth.image.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
  void bothKinds_nativeSegmentSlice_hashOnlyTheSlice() {
    byte[] data = random(10_000);
    try (Arena a = Arena.ofConfined()) {
      MemorySegment seg = a.allocate(data.length);
      MemorySegment.copy(data, 0, seg, ValueLayout.JAVA_BYTE, 0, data.length);
      Digest want = Digest.sha256(java.util.Arrays.copyOfRange(data, 100, 5100));
      for (Sha256 sha : new Sha256[] {new Sha256.OpenSsl(), new Sha256.Jdk()}) {
        sha.update(seg, 100, 5000);
        assertThat(sha.digest()).as(sha.getClass().getSimpleName()).isEqualTo(want);
      }
    }
  }
}
