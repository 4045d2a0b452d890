package dev.berth.storage;

/** Disk usage of one snapshot: bytes and inodes. */
public record Usage(long size, long inodes) {
  public static final Usage ZERO = new Usage(0, 0);

  public Usage plus(Usage other) {
    return new Usage(size + other.size, inodes + other.inodes);
  }
}
