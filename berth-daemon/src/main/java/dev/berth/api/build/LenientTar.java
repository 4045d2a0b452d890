package dev.berth.api.build;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * The docker CLI's context tar as dockerd reads it. When the CLI adds a Dockerfile to the context (one
 * outside the context directory, or {@code -f -}), its tar ends right after the last entry's data: no
 * padding to the 512-byte block and no two zero blocks (docker 28.2.2, captured). dockerd's tar reader
 * accepts that; a strict one sees a truncated archive. So an uncompressed body gets the missing zeros
 * appended at its end: a complete tar is unchanged by them (they follow its end-of-archive blocks), and a
 * cut one is completed. Compressed bodies are passed through: the CLI never sends those cut.
 */
final class LenientTar {
  /** Enough zeros for the longest missing padding (511) and the two end-of-archive blocks. */
  private static final int ZEROS = 511 + 1024;

  private LenientTar() {}

  static InputStream of(InputStream body) throws IOException {
    BufferedInputStream in = new BufferedInputStream(body, 1 << 16);
    in.mark(8);
    byte[] head = in.readNBytes(6);
    in.reset();
    if (compressed(head)) return in;
    return new SequenceInputStream(in, new ByteArrayInputStream(new byte[ZEROS]));
  }

  private static boolean compressed(byte[] h) {
    return starts(h, 0x1f, 0x8b) || starts(h, 'B', 'Z', 'h') || starts(h, 0xfd, '7', 'z', 'X', 'Z', 0x00)
        || starts(h, 0x28, 0xb5, 0x2f, 0xfd);
  }

  private static boolean starts(byte[] h, int... magic) {
    if (h.length < magic.length) return false;
    for (int i = 0; i < magic.length; i++) {
      if ((h[i] & 0xff) != magic[i]) return false;
    }
    return true;
  }
}
