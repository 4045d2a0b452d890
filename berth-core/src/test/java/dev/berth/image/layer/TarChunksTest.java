package dev.berth.image.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TarChunksTest {
  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  /** A stream that hands out at most {@code max} bytes per read, as a pipe or a decompressor may. */
  private static InputStream trickle(byte[] data, int max) {
    return new ByteArrayInputStream(data) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, max));
      }
    };
  }

  private record Read(byte[] bytes, List<Integer> lengths, long count, Digest digest) {}

  private static Read readAll(TarChunks chunks) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Integer> lengths = new ArrayList<>();
    for (TarChunks.Chunk c = chunks.next(); c != null; c = chunks.next()) {
      out.write(c.segment.asSlice(0, c.length()).toArray(ValueLayout.JAVA_BYTE));
      lengths.add(c.length());
      chunks.release(c);
    }
    return new Read(out.toByteArray(), lengths, chunks.count(), chunks.digest());
  }

  @Test
  void next_channelAndShortReadingStream_giveSameFullChunksCountAndDigest() throws IOException {
    byte[] data = random(TarChunks.CHUNKS * TarChunks.CHUNK * 2 + 12_345); // the pool is reused
    List<Function<byte[], TarChunks>> sources = List.of(
        d -> TarChunks.of(Channels.newChannel(new ByteArrayInputStream(d))),
        d -> TarChunks.of(trickle(d, 70_001)));

    for (Function<byte[], TarChunks> source : sources) {
      try (TarChunks chunks = source.apply(data)) {
        Read r = readAll(chunks);

        assertThat(r.bytes()).isEqualTo(data);
        assertThat(r.count()).isEqualTo(data.length);
        assertThat(r.digest()).isEqualTo(Digest.sha256(data));
        assertThat(r.lengths().subList(0, r.lengths().size() - 1)).containsOnly(TarChunks.CHUNK);
        assertThat(r.lengths().getLast()).isEqualTo(12_345);
      }
    }
  }

  @Test
  void next_emptyInput_isNullAndDigestOfNothing() throws IOException {
    try (TarChunks chunks = TarChunks.of(new ByteArrayInputStream(new byte[0]))) {
      assertThat(chunks.next()).isNull();
      assertThat(chunks.next()).isNull();
      assertThat(chunks.count()).isZero();
      assertThat(chunks.digest()).isEqualTo(Digest.sha256(new byte[0]));
    }
  }

  @Test
  void next_hasherFails_readingGoesOnAndDigestReportsTheFailure() throws IOException {
    Sha256 failing = new Sha256() {
      @Override
      public void update(byte[] b, int off, int len) {
        throw new IllegalStateException("boom");
      }

      @Override
      public void update(MemorySegment seg, long off, long len) {
        throw new IllegalStateException("boom");
      }

      @Override
      public Digest digest() {
        throw new AssertionError("not reached");
      }

      @Override
      public void discard() {}
    };
    byte[] data = random((TarChunks.CHUNKS + 3) * TarChunks.CHUNK); // a stuck hasher would block reads
    try (TarChunks chunks = TarChunks.of(new ByteArrayInputStream(data), () -> failing)) {
      long total = 0;
      for (TarChunks.Chunk c = chunks.next(); c != null; c = chunks.next()) {
        total += c.length();
        chunks.release(c);
      }

      assertThat(total).isEqualTo(data.length);
      assertThatThrownBy(chunks::digest).isInstanceOf(IOException.class)
          .hasMessageContaining("hashing the layer failed: boom");
    }
  }

  @Test
  void close_beforeTheEnd_stopsTheHasherAndFreesTheChunks() throws IOException {
    TarChunks chunks = TarChunks.of(new ByteArrayInputStream(random(3 * TarChunks.CHUNK)));
    TarChunks.Chunk c = chunks.next();

    chunks.close();
    chunks.close();

    assertThatThrownBy(() -> c.segment.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
  }
}
