package dev.berth.build.context;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Tar streams as Docker reads them: plain, gzip, bzip2, xz or zstd, told apart by their magic bytes; and
 * Docker's test for "this file is a tar archive" (its first header block, once decompressed, has a valid
 * checksum), which decides whether ADD unpacks a local file.
 */
final class Archives {
  private static final int BLOCK = 512;

  private Archives() {}

  /** {@code raw} decompressed according to its first bytes (plain when none matches). */
  static InputStream decompressed(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(8);
    byte[] magic = in.readNBytes(6);
    in.reset();
    if (starts(magic, 0x1f, 0x8b)) return new GZIPInputStream(in, 1 << 16);
    if (starts(magic, 'B', 'Z', 'h')) return new BZip2CompressorInputStream(in, true);
    if (starts(magic, 0xfd, '7', 'z', 'X', 'Z', 0x00)) return new XZCompressorInputStream(in, true);
    if (starts(magic, 0x28, 0xb5, 0x2f, 0xfd)) return new ZstdInputStream(in);
    return in;
  }

  /** Whether {@code file} is a (possibly compressed) tar: its first header decodes with a valid checksum. */
  static boolean isTar(Path file) {
    try (InputStream in = decompressed(Files.newInputStream(file))) {
      byte[] header = in.readNBytes(BLOCK);
      return header.length == BLOCK && validHeader(header);
    } catch (IOException | RuntimeException e) {
      return false; // not decompressible or unreadable as an archive: copied as a file, as Docker does
    }
  }

  /** The ustar checksum rule: the stored octal sum equals the sum of the header with that field as spaces. */
  static boolean validHeader(byte[] h) {
    long unsigned = 0;
    long signed = 0;
    boolean allZero = true;
    for (int i = 0; i < BLOCK; i++) {
      int b = (i >= 148 && i < 156) ? ' ' : h[i];
      if (h[i] != 0) allZero = false;
      unsigned += b & 0xff;
      signed += (byte) b;
    }
    if (allZero) return false;
    long stored = 0;
    boolean digits = false;
    for (int i = 148; i < 156; i++) {
      int c = h[i] & 0xff;
      if (c == 0 || c == ' ') {
        if (digits) break;
        continue;
      }
      if (c < '0' || c > '7') return false;
      stored = stored * 8 + (c - '0');
      digits = true;
    }
    return digits && (stored == unsigned || stored == signed);
  }

  private static boolean starts(byte[] b, int... magic) {
    if (b.length < magic.length) return false;
    for (int i = 0; i < magic.length; i++) {
      if ((b[i] & 0xff) != magic[i]) return false;
    }
    return true;
  }
}
