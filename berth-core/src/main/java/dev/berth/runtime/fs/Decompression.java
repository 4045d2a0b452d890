package dev.berth.runtime.fs;

import com.github.luben.zstd.ZstdInputStream;
import dev.berth.errors.InvalidArgumentException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * The PUT archive body may be a plain tar or one compressed with gzip, bzip2 or zstd, told apart by their
 * magic bytes as dockerd does. xz is recognised but refused with a clear message (no xz codec here).
 */
final class Decompression {
  private Decompression() {}

  static InputStream open(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(8);
    byte[] magic = in.readNBytes(6);
    in.reset();
    if (starts(magic, 0x1f, 0x8b)) return new GZIPInputStream(in, 1 << 16);
    if (starts(magic, 'B', 'Z', 'h')) return new BZip2CompressorInputStream(in, true);
    if (starts(magic, 0x28, 0xb5, 0x2f, 0xfd)) return new ZstdInputStream(in);
    if (starts(magic, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
      throw new InvalidArgumentException("extract archive: xz-compressed archives are not supported (send a plain, gzip, bzip2 or zstd tar)");
    }
    return in;
  }

  private static boolean starts(byte[] b, int... magic) {
    if (b.length < magic.length) return false;
    for (int i = 0; i < magic.length; i++) {
      if ((b[i] & 0xff) != magic[i]) return false;
    }
    return true;
  }
}
