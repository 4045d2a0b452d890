package dev.berth.build.context;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The tar the copy and context writers produce: numeric owners with empty names, permission bits (setuid,
 * setgid and sticky kept), whole-second mtimes, PAX headers for long or non-ASCII names and big numbers.
 * Closing it ends the tar and flushes the caller's stream without closing it.
 */
final class TarSink implements AutoCloseable {
  private final TarArchiveOutputStream tar;
  private final byte[] buffer = new byte[1 << 16];

  TarSink(OutputStream out) {
    OutputStream keepOpen = new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
    tar = new TarArchiveOutputStream(keepOpen, 512);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  /** A fresh entry of type {@code flag}; directories get their trailing slash. */
  static TarArchiveEntry entry(String name, byte flag, int mode, int uid, int gid, FileTime mtime) {
    String n = flag == TarConstants.LF_DIR && !name.endsWith("/") ? name + "/" : name;
    TarArchiveEntry e = new TarArchiveEntry(n, flag, true);
    e.setMode(mode & 07777);
    e.setUserId((long) uid & 0xffffffffL);
    e.setGroupId((long) gid & 0xffffffffL);
    e.setUserName("");
    e.setGroupName("");
    e.setModTime(FileTime.from(mtime.to(TimeUnit.SECONDS), TimeUnit.SECONDS));
    e.setSize(0);
    return e;
  }

  /** Writes an entry without content (directory, link, device). */
  void put(TarArchiveEntry e) throws IOException {
    put(e, null, 0);
  }

  // Twin of runtime.fs.TreeTarWriter.put: kept apart because no package both may use can hold commons-compress code.
  /** Writes the entry with exactly {@code size} bytes: a file that shrank meanwhile is padded with zeros. */
  void put(TarArchiveEntry e, InputStream content, long size) throws IOException {
    e.setSize(size);
    tar.putArchiveEntry(e);
    long left = size;
    while (content != null && left > 0) {
      int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) break;
      tar.write(buffer, 0, n);
      left -= n;
    }
    if (left > 0) {
      java.util.Arrays.fill(buffer, (byte) 0);
      while (left > 0) {
        int n = (int) Math.min(buffer.length, left);
        tar.write(buffer, 0, n);
        left -= n;
      }
    }
    tar.closeArchiveEntry();
  }

  @Override
  public void close() throws IOException {
    tar.finish();
    tar.flush();
  }
}
