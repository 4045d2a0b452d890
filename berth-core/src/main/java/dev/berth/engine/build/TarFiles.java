package dev.berth.engine.build;

import dev.berth.errors.SystemException;
import java.util.Arrays;

/** Reads the first regular file of a small uncompressed tar (the archive endpoint's answer for one file). */
final class TarFiles {
  private TarFiles() {}

  static byte[] firstFile(byte[] tar) {
    int off = 0;
    while (off + 512 <= tar.length) {
      if (tar[off] == 0) break;
      long size = octal(tar, off + 124, 12);
      byte type = tar[off + 156];
      int data = off + 512;
      if (type == '0' || type == 0) {
        return Arrays.copyOfRange(tar, data, (int) Math.min(tar.length, data + size));
      }
      off = data + (int) ((size + 511) / 512 * 512);
    }
    throw new SystemException("reading a file from a container: the archive holds no regular file");
  }

  private static long octal(byte[] b, int off, int len) {
    long v = 0;
    for (int i = off; i < off + len; i++) {
      int c = b[i];
      if (c == 0 || c == ' ') {
        if (v > 0) break;
        continue;
      }
      v = v * 8 + (c - '0');
    }
    return v;
  }
}
