package dev.berth.cli.build;

import java.nio.charset.StandardCharsets;

/**
 * Tells a tar (plain or compressed) from a bare Dockerfile, as the docker CLI does for {@code build -}: a
 * compression magic number, or a first 512-byte block that is a tar header with a valid checksum.
 */
final class ArchiveSniffer {
  /** How many bytes {@link #isArchive} wants to see. */
  static final int HEAD = 512;

  private ArchiveSniffer() {}

  static boolean isArchive(byte[] head) {
    return compressed(head) || tarHeader(head);
  }

  private static boolean compressed(byte[] h) {
    return starts(h, 0x1f, 0x8b) // gzip
        || starts(h, 'B', 'Z', 'h') // bzip2
        || starts(h, 0xfd, '7', 'z', 'X', 'Z', 0x00) // xz
        || starts(h, 0x28, 0xb5, 0x2f, 0xfd); // zstd
  }

  private static boolean starts(byte[] h, int... magic) {
    if (h.length < magic.length) return false;
    for (int i = 0; i < magic.length; i++) {
      if ((h[i] & 0xff) != magic[i]) return false;
    }
    return true;
  }

  /** The header's checksum field (octal, at 148) equals the sum of its bytes with that field read as spaces. */
  private static boolean tarHeader(byte[] h) {
    if (h.length < HEAD) return false;
    String field = new String(h, 148, 8, StandardCharsets.US_ASCII).replace("\0", " ").strip();
    if (field.isEmpty() || !field.chars().allMatch(c -> c >= '0' && c <= '7')) return false;
    long sum = 0;
    for (int i = 0; i < HEAD; i++) sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
    return sum == Long.parseLong(field, 8);
  }
}
