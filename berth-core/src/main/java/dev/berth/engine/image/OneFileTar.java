package dev.berth.engine.image;

import java.nio.charset.StandardCharsets;

/**
 * An in-memory tar of one regular file: a ustar header (owner 0:0, mtime 0, no user or group names), the data padded
 * to 512 bytes, then the two empty blocks that end an archive. Made-up images use it: the pull warm-up's layers
 * ({@link PullWarmup}) and berthd's training run, which imports a busybox image. The same name, mode and data always
 * give the same bytes, so a layer's diff ID is known before it is pulled.
 *
 * <p>Why not commons-compress: the bytes must stay fixed (the training run's AOT cache and the warm-up's diff IDs are
 * recorded from them), and berthd's training code may not reach into {@code image.layer}, which owns the full writers.
 */
public final class OneFileTar {
  private static final int BLOCK = 512;
  private static final int NAME_FIELD = 100;

  private OneFileTar() {}

  /**
   * The tar of {@code data} as the file {@code name} with permission bits {@code mode} (for example {@code 0755}).
   *
   * @throws IllegalArgumentException when the name is empty, not ASCII or longer than the header's 100 bytes, or the
   *     mode has bits beyond 07777
   */
  public static byte[] of(String name, int mode, byte[] data) {
    byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
    if (name.isEmpty() || nameBytes.length > NAME_FIELD || !StandardCharsets.US_ASCII.newEncoder().canEncode(name)) {
      throw new IllegalArgumentException("one-file tar: name \"" + name + "\" must be 1 to 100 ASCII characters");
    }
    if ((mode & ~07777) != 0) throw new IllegalArgumentException("one-file tar: mode " + Integer.toOctalString(mode) + " is not a permission mode");
    byte[] tar = new byte[BLOCK + (data.length + BLOCK - 1) / BLOCK * BLOCK + 2 * BLOCK];
    System.arraycopy(nameBytes, 0, tar, 0, nameBytes.length);
    put(tar, 100, String.format("%07o", mode));
    put(tar, 108, "0000000"); // uid
    put(tar, 116, "0000000"); // gid
    put(tar, 124, String.format("%011o", data.length));
    put(tar, 136, String.format("%011o", 0)); // mtime
    tar[156] = '0'; // a regular file
    put(tar, 257, "ustar");
    put(tar, 263, "00");
    put(tar, 148, checksum(tar));
    System.arraycopy(data, 0, tar, BLOCK, data.length);
    return tar;
  }

  /** The header's checksum field: the sum of its bytes with the field itself read as spaces, six octal digits, NUL, space. */
  private static String checksum(byte[] tar) {
    int sum = 8 * ' ';
    for (int i = 0; i < BLOCK; i++) {
      if (i < 148 || i >= 156) sum += tar[i] & 0xff;
    }
    return String.format("%06o", sum) + "\0 ";
  }

  private static void put(byte[] header, int at, String text) {
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, header, at, b.length);
  }
}
