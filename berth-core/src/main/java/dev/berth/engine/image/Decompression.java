package dev.berth.engine.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Recognises a tar stream's compression by its magic bytes (gzip 1f 8b, zstd 28 b5 2f fd) and returns the
 * uncompressed stream; anything else is taken as a plain tar.
 */
final class Decompression {
  private Decompression() {}

  static InputStream uncompressed(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
    buffered.mark(4);
    byte[] magic = buffered.readNBytes(4);
    buffered.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return new GzipCompressorInputStream(buffered, true);
    }
    if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
        && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
      return new com.github.luben.zstd.ZstdInputStream(buffered);
    }
    return buffered;
  }
}
