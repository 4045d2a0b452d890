package dev.berth.registry.testing;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Layer compressors; the fastest levels, since test layers are mostly random bytes that do not compress. */
final class Compressors {
  private Compressors() {}

  /** Wraps {@code out} in the compressor for {@code compression}; closing the result does not close {@code out}. */
  static OutputStream compress(OutputStream out, TestImages.Compression compression) throws IOException {
    OutputStream target = NonClosing.of(out);
    return switch (compression) {
      case NONE -> target;
      case GZIP -> new GZIPOutputStream(target, 64 * 1024) {
        {
          def.setLevel(Deflater.BEST_SPEED);
        }
      };
      case ZSTD -> new ZstdOutputStream(target, 1);
    };
  }
}
