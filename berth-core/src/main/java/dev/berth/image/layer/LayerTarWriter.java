package dev.berth.image.layer;

import dev.berth.oci.Digest;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a layer tar the way Docker's differ does: relative names without "./", directories with a
 * trailing slash, permission bits only in the mode field, no user or group names, mtimes in whole seconds,
 * big numbers in base-256. When a name, link target or xattr does not fit the ustar header, this class
 * writes the PAX extended header itself, so xattr values go out byte for byte (binary values included).
 * Hardlinked regular files after the first become hardlink entries.
 */
final class LayerTarWriter {
  /** Longest name commons-compress puts in a ustar header without a long-name extension. */
  private static final int USTAR_NAME = 99;

  private final MessageDigest sha = Digest.newSha256();
  private final TarArchiveOutputStream tar;
  private final Map<String, String> firstLinkByInode = new HashMap<>();
  private final byte[] buffer = new byte[1 << 16];

  LayerTarWriter(OutputStream out) {
    OutputStream hashing = new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        sha.update(b, off, len);
        out.write(b, off, len);
      }

      @Override
      public void write(int b) throws IOException {
        sha.update((byte) b);
        out.write(b);
      }

      @Override
      public void close() throws IOException {
        flush(); // the caller owns the stream
      }
    };
    tar = new TarArchiveOutputStream(hashing, 512);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_ERROR); // long names go through our own PAX header
  }

  /** Writes the node at {@code path} as entry {@code name} (relative, no trailing slash). */
  void add(String name, Path path, FileStat st, SortedMap<String, byte[]> xattrs) throws IOException {
    if (st.isRegular() && st.nlink() > 1) {
      String inode = st.dev() + ":" + st.ino();
      String first = firstLinkByInode.putIfAbsent(inode, name);
      if (first != null) {
        write(name, header(name, TarConstants.LF_LINK, st), first, Map.of(), null, 0);
        return;
      }
    }
    switch (st.type()) {
      case RootResolver.S_IFDIR -> write(name + "/", header(name + "/", TarConstants.LF_DIR, st), null, xattrs, null, 0);
      case RootResolver.S_IFREG -> {
        try (InputStream in = Files.newInputStream(path)) {
          write(name, header(name, TarConstants.LF_NORMAL, st), null, xattrs, in, st.size());
        }
      }
      case RootResolver.S_IFLNK -> write(name, header(name, TarConstants.LF_SYMLINK, st),
          Files.readSymbolicLink(path).toString(), xattrs, null, 0);
      case 0020000, 0060000, 0010000 -> {
        byte flag = switch (st.type()) {
          case 0020000 -> TarConstants.LF_CHR;
          case 0060000 -> TarConstants.LF_BLK;
          default -> TarConstants.LF_FIFO;
        };
        TarArchiveEntry e = header(name, flag, st);
        e.setDevMajor(st.major());
        e.setDevMinor(st.minor());
        write(name, e, null, xattrs, null, 0);
      }
      default -> throw new IOException("cannot put " + path + " in a layer: unsupported file type (a socket?)");
    }
  }

  /** Writes {@code .wh.<name>} in directory {@code dir} ("" for the root). */
  void whiteout(String dir, String name) throws IOException {
    writeMarker(EntryNames.child(dir, Extraction.WHITEOUT + name));
  }

  /** Writes {@code .wh..wh..opq} in directory {@code dir}. */
  void opaque(String dir) throws IOException {
    writeMarker(EntryNames.child(dir, Extraction.OPAQUE));
  }

  private void writeMarker(String name) throws IOException {
    TarArchiveEntry e = blank(name, TarConstants.LF_NORMAL);
    e.setMode(0644);
    write(name, e, null, Map.of(), null, 0);
  }

  /** Ends the archive (two zero blocks) and returns the sha256 of everything written. */
  Digest finish() throws IOException {
    tar.finish();
    tar.flush();
    return Digest.fromSha256(sha.digest());
  }

  private static TarArchiveEntry header(String name, byte flag, FileStat st) {
    TarArchiveEntry e = blank(name, flag);
    e.setMode(st.mode() & 07777);
    e.setUserId((long) st.uid() & 0xffffffffL);
    e.setGroupId((long) st.gid() & 0xffffffffL);
    e.setModTime(FileTime.from(st.mtimeSec(), TimeUnit.SECONDS));
    return e;
  }

  private static TarArchiveEntry blank(String name, byte flag) {
    TarArchiveEntry e = new TarArchiveEntry(ustarName(name), flag);
    e.setUserName("");
    e.setGroupName("");
    e.setModTime(FileTime.from(0, TimeUnit.SECONDS));
    e.setSize(0);
    return e;
  }

  private static String ustarName(String name) {
    boolean ascii = name.chars().allMatch(c -> c > 0 && c < 0x80);
    if (ascii && name.length() <= USTAR_NAME) return name;
    StringBuilder sb = new StringBuilder(USTAR_NAME);
    for (int i = 0; i < name.length() && sb.length() < USTAR_NAME - 1; i++) {
      char c = name.charAt(i);
      sb.append(c > 0 && c < 0x80 ? c : '_');
    }
    if (name.endsWith("/") && sb.charAt(sb.length() - 1) != '/') sb.append('/');
    return sb.toString();
  }

  private void write(String name, TarArchiveEntry e, String link, Map<String, byte[]> xattrs, InputStream content, long size)
      throws IOException {
    PaxRecords pax = new PaxRecords();
    if (!name.equals(e.getName())) pax.add("path", name.getBytes(StandardCharsets.UTF_8));
    if (link != null) {
      byte[] l = link.getBytes(StandardCharsets.UTF_8);
      boolean fits = l.length <= USTAR_NAME && link.chars().allMatch(c -> c > 0 && c < 0x80);
      e.setLinkName(fits ? link : ustarName(link));
      if (!fits) pax.add("linkpath", l);
    }
    for (Map.Entry<String, byte[]> x : xattrs.entrySet()) pax.add("SCHILY.xattr." + x.getKey(), x.getValue());
    if (!pax.isEmpty()) writePax(pax.bytes());
    e.setSize(size);
    tar.putArchiveEntry(e);
    if (content != null) copy(content, size, name);
    tar.closeArchiveEntry();
  }

  private void writePax(byte[] records) throws IOException {
    TarArchiveEntry h = new TarArchiveEntry("PaxHeader", TarConstants.LF_PAX_EXTENDED_HEADER_LC);
    h.setUserName("");
    h.setGroupName("");
    h.setMode(0644);
    h.setModTime(FileTime.from(0, TimeUnit.SECONDS));
    h.setSize(records.length);
    tar.putArchiveEntry(h);
    tar.write(records);
    tar.closeArchiveEntry();
  }

  private void copy(InputStream in, long size, String name) throws IOException {
    long left = size;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) throw new IOException("diff: " + name + " shrank while it was being read");
      tar.write(buffer, 0, n);
      left -= n;
    }
  }

  /** PAX "len key=value\n" records, written in the order added. */
  static final class PaxRecords {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void add(String key, byte[] value) {
      byte[] k = key.getBytes(StandardCharsets.UTF_8);
      int rest = 1 + k.length + 1 + value.length + 1; // ' ' key '=' value '\n'
      int len = rest + Integer.toString(rest).length();
      if (Integer.toString(len).length() != Integer.toString(rest).length()) len++;
      out.writeBytes(Integer.toString(len).getBytes(StandardCharsets.US_ASCII));
      out.write(' ');
      out.writeBytes(k);
      out.write('=');
      out.writeBytes(value);
      out.write('\n');
    }

    boolean isEmpty() {
      return out.size() == 0;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
