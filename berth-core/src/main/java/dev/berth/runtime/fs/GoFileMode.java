package dev.berth.runtime.fs;

/**
 * Go's {@code os.FileMode} bits, which the docker CLI decodes from the {@code X-Docker-Container-Path-Stat}
 * header: permission bits in the low nine, the file type and the setuid/setgid/sticky bits in the high
 * ones (a directory is 1<<31, a symlink 1<<27, a character device 1<<26 | 1<<21).
 */
public final class GoFileMode {
  public static final long DIR = 1L << 31;
  public static final long APPEND = 1L << 30;
  public static final long EXCLUSIVE = 1L << 29;
  public static final long TEMPORARY = 1L << 28;
  public static final long SYMLINK = 1L << 27;
  public static final long DEVICE = 1L << 26;
  public static final long NAMED_PIPE = 1L << 25;
  public static final long SOCKET = 1L << 24;
  public static final long SETUID = 1L << 23;
  public static final long SETGID = 1L << 22;
  public static final long CHAR_DEVICE = 1L << 21;
  public static final long STICKY = 1L << 20;
  public static final long IRREGULAR = 1L << 19;

  private GoFileMode() {}

  /** Converts a Unix st_mode. */
  public static long of(int unixMode) {
    long m = unixMode & 0777;
    if ((unixMode & 04000) != 0) m |= SETUID;
    if ((unixMode & 02000) != 0) m |= SETGID;
    if ((unixMode & 01000) != 0) m |= STICKY;
    return m | switch (unixMode & Node.S_IFMT) {
      case Node.S_IFDIR -> DIR;
      case Node.S_IFLNK -> SYMLINK;
      case Node.S_IFIFO -> NAMED_PIPE;
      case Node.S_IFSOCK -> SOCKET;
      case Node.S_IFBLK -> DEVICE;
      case Node.S_IFCHR -> DEVICE | CHAR_DEVICE;
      case Node.S_IFREG -> 0L;
      default -> IRREGULAR;
    };
  }

  public static boolean isDir(long goMode) {
    return (goMode & DIR) != 0;
  }
}
