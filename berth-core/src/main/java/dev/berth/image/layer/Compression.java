package dev.berth.image.layer;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.GZIPInputStream;

/**
 * The compressions a layer blob may use, told apart by their magic bytes rather than by media type, as
 * Docker and containerd do: a blob labelled {@code tar+gzip} that is really plain tar still applies.
 */
public enum Compression {
  NONE,
  GZIP,
  ZSTD;

  /** Bytes {@link #detect(InputStream)} looks at. */
  public static final int MAGIC_LENGTH = 4;

  private static final int BUFFER = 1 << 16;

  /** The compression whose magic starts {@code head}; NONE when none matches (or too few bytes). */
  public static Compression detect(byte[] head) {
    return detect(head, head.length);
  }

  private static Compression detect(byte[] head, int length) {
    if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) return GZIP;
    if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
        && (head[3] & 0xff) == 0xfd) {
      return ZSTD;
    }
    return NONE;
  }

  /**
   * Peeks at the first bytes of a stream that supports mark/reset and leaves it unread.
   *
   * @throws IllegalArgumentException when the stream cannot mark; wrap it in a BufferedInputStream first
   */
  public static Compression detect(InputStream in) throws IOException {
    if (!in.markSupported()) throw new IllegalArgumentException("detect compression: stream does not support mark");
    in.mark(MAGIC_LENGTH);
    byte[] head = new byte[MAGIC_LENGTH];
    int n = 0;
    try {
      while (n < head.length) {
        int r = in.read(head, n, head.length - n);
        if (r < 0) break;
        n += r;
      }
    } finally {
      in.reset();
    }
    return detect(head, n);
  }

  /**
   * Detects the compression of {@code in} and returns a stream of its uncompressed bytes. A stream without
   * mark support is not buffered again (the tar reader buffers): its first bytes are pushed back instead.
   */
  public static InputStream decompress(InputStream in) throws IOException {
    if (in.markSupported()) return detect(in).open(in);
    PushbackInputStream pushback = new PushbackInputStream(in, MAGIC_LENGTH);
    byte[] head = pushback.readNBytes(MAGIC_LENGTH);
    pushback.unread(head);
    return detect(head).open(pushback);
  }

  /** Wraps {@code in}, which holds data of this compression, in a stream of its uncompressed bytes. */
  public InputStream open(InputStream in) throws IOException {
    return switch (this) {
      case NONE -> in;
      case GZIP -> Decompressors.gzip(in);
      case ZSTD -> Decompressors.zstd(in);
    };
  }

  /**
   * The decompressing streams, in a class of their own: verifying a class that builds them loads zstd-jni
   * (opening its jar) and the JDK's gzip classes, tens of milliseconds a fresh JVM need not spend on an
   * uncompressed layer.
   */
  private static final class Decompressors {
    static InputStream gzip(InputStream in) throws IOException {
      return new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
    }

    static InputStream zstd(InputStream in) throws IOException {
      return new BufferedInputStream(new ZstdInputStreamNoFinalizer(in), BUFFER);
    }
  }
}
