package dev.berth.image.layer;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A lean streaming tar reader for layers: ustar, GNU (long names, base-256 numbers) and PAX (local
 * records; global ones are skipped), the formats Docker, containerd, BuildKit and GNU tar write.
 *
 * <p>Why not commons-compress here: its reader costs tens of microseconds per entry (charset decoders,
 * BigDecimal times, a skip that asks the stream for {@code available()}), half of what {@code tar -x}
 * needs for a whole Debian root filesystem, and it decodes PAX values as UTF-8, corrupting binary xattrs
 * such as {@code security.capability}. This reader keeps PAX values as bytes and names the entry in every
 * error. commons-compress still writes layers ({@link LayerTarWriter}) and builds the tests' tars.
 *
 * <p>It reads the native chunks of a {@link TarChunks} and hands file contents out as slices of them
 * ({@link #content}), so that they reach the kernel without a copy; only headers and PAX records are
 * copied to the heap to be parsed. It releases each chunk when it moves past it.
 *
 * <p>Every failure to read is a {@link MalformedLayerException}: truncation, a bad checksum, a bad number.
 */
final class TarReader {
  static final int BLOCK = 512;
  private static final int MAX_META = 1 << 20; // PAX and GNU long-name records, as Go's archive/tar

  /** One entry's header, PAX and GNU extensions applied. Content follows through {@link #read}. */
  record Entry(String name, byte type, int mode, long uid, long gid, long size, long mtimeSec, int mtimeNsec,
      String linkName, int devMajor, int devMinor, Map<String, byte[]> xattrs) {}

  private final TarChunks chunks;
  /** The current header block, copied out of the chunks so that parsing reads a plain array. */
  private final byte[] hdr = new byte[BLOCK];
  private TarChunks.Chunk chunk;
  private MemorySegment seg;
  private int pos;
  private int lim;
  private long remaining;
  private long padding;
  private String last;

  TarReader(TarChunks chunks) {
    this.chunks = chunks;
  }

  /** The next entry, or null at the end of the archive. */
  Entry next() throws IOException {
    discard(remaining + padding);
    remaining = 0;
    padding = 0;
    Map<String, byte[]> pax = null;
    String longName = null;
    String longLink = null;
    while (true) {
      if (!header()) return null;
      if (allZero()) return null; // end-of-archive marker; the caller drains what follows
      checkChecksum();
      byte type = hdr[156];
      long size = number(124, 12, "size");
      switch (type) {
        case 'x' -> pax = parsePax(meta(size, "PAX header"));
        case 'g' -> discard(size + (BLOCK - size % BLOCK) % BLOCK);
        case 'L' -> longName = cString(meta(size, "GNU long name"));
        case 'K' -> longLink = cString(meta(size, "GNU long link name"));
        default -> {
          return entry(type, size, pax, longName, longLink);
        }
      }
    }
  }

  private Entry entry(byte type, long size, Map<String, byte[]> pax, String longName, String longLink)
      throws IOException {
    String name = longName != null ? longName : ustarName();
    String link = longLink != null ? longLink : cString(hdr, 157, 100);
    int mode = (int) number(100, 8, "mode");
    long uid = number(108, 8, "uid");
    long gid = number(116, 8, "gid");
    long mtime = number(136, 12, "mtime");
    int nsec = 0;
    int major = (int) number(329, 8, "devmajor");
    int minor = (int) number(337, 8, "devminor");
    Map<String, byte[]> xattrs = Map.of();
    if (pax != null) {
      byte[] v;
      if ((v = pax.get("path")) != null) name = utf8(v);
      if ((v = pax.get("linkpath")) != null) link = utf8(v);
      if ((v = pax.get("size")) != null) size = paxLong(v, "size");
      if ((v = pax.get("uid")) != null) uid = paxLong(v, "uid");
      if ((v = pax.get("gid")) != null) gid = paxLong(v, "gid");
      if ((v = pax.get("mtime")) != null) {
        long[] t = paxTime(v);
        mtime = t[0];
        nsec = (int) t[1];
      }
      xattrs = xattrs(pax);
      if (pax.containsKey("GNU.sparse.map") || pax.containsKey("GNU.sparse.major")) {
        throw malformed("entry '" + EntryNames.abbreviate(name) + "' is a sparse file, which layers do not use");
      }
    }
    if (type == 'S') throw malformed("entry '" + EntryNames.abbreviate(name) + "' is a GNU sparse file, which layers do not use");
    last = name;
    if (size < 0) throw malformed("entry '" + EntryNames.abbreviate(name) + "' has a negative size");
    // Links, directories, devices and fifos carry no data whatever their size field says (as Go's reader).
    boolean headerOnly = type >= '1' && type <= '6';
    remaining = headerOnly ? 0 : size;
    padding = headerOnly ? 0 : (BLOCK - size % BLOCK) % BLOCK;
    return new Entry(name, type, mode, uid, gid, remaining, mtime, nsec, link, major, minor, xattrs);
  }

  /**
   * Receives an entry's content in pieces, straight from the reader's native chunk (valid during the call
   * only): {@code len} bytes of {@code seg} from {@code off}.
   */
  interface ContentSink {
    void write(MemorySegment seg, long off, long len) throws IOException;
  }

  /** Passes the rest of the current entry's content to {@code sink}, without copying it. */
  void content(ContentSink sink) throws IOException {
    while (remaining > 0) {
      if (pos == lim && !advance()) throw contentTruncated();
      int n = (int) Math.min(remaining, lim - pos);
      sink.write(seg, pos, n);
      pos += n;
      remaining -= n;
    }
  }

  /** Reads the current entry's content into an array; -1 at its end. */
  int read(byte[] b, int off, int len) throws IOException {
    if (remaining <= 0) return -1;
    if (pos == lim && !advance()) throw contentTruncated();
    int n = (int) Math.min(Math.min(len, remaining), lim - pos);
    MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos, b, off, n);
    pos += n;
    remaining -= n;
    return n;
  }

  private MalformedLayerException contentTruncated() {
    return malformed("layer tar truncated at entry '" + EntryNames.abbreviate(last) + "': " + remaining
        + " bytes of content missing");
  }

  /** Reads whatever follows the end-of-archive marker, so that a digest of the stream covers all of it. */
  void drain() throws IOException {
    pos = lim;
    while (advance()) pos = lim;
  }

  /** Moves to the next chunk, releasing the current one; false at the end of the input. */
  private boolean advance() throws IOException {
    if (chunk != null) {
      chunks.release(chunk);
      chunk = null;
    }
    seg = null;
    pos = 0;
    lim = 0;
    TarChunks.Chunk c;
    try {
      c = chunks.next();
    } catch (MalformedLayerException e) {
      throw e;
    } catch (IOException e) {
      String where = last == null ? "at the first entry" : "after entry '" + EntryNames.abbreviate(last) + "'";
      throw new MalformedLayerException("layer stream unreadable " + where + ": " + e.getMessage(), e);
    }
    if (c == null) return false;
    chunk = c;
    seg = c.segment;
    lim = c.length();
    return true;
  }

  /** Copies the next {@code len} bytes into {@code dst}; returns fewer only at the end of the input. */
  private int copyOut(byte[] dst, int off, int len) throws IOException {
    int got = 0;
    while (got < len) {
      if (pos == lim && !advance()) break;
      int k = Math.min(len - got, lim - pos);
      MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos, dst, off + got, k);
      pos += k;
      got += k;
    }
    return got;
  }

  private boolean header() throws IOException {
    int n = copyOut(hdr, 0, BLOCK);
    if (n == 0) return false;
    if (n < BLOCK) {
      throw malformed("layer tar truncated in the header after entry '" + EntryNames.abbreviate(last) + "'");
    }
    return true;
  }

  private void discard(long n) throws IOException {
    while (n > 0) {
      if (pos == lim && !advance()) {
        throw malformed("layer tar truncated at entry '" + EntryNames.abbreviate(last) + "': " + n + " bytes missing");
      }
      int k = (int) Math.min(n, lim - pos);
      pos += k;
      n -= k;
    }
  }

  private byte[] meta(long size, String what) throws IOException {
    if (size < 0 || size > MAX_META) throw malformed(what + " of " + size + " bytes after entry '" + last + "'");
    byte[] out = new byte[(int) size];
    if (copyOut(out, 0, out.length) < out.length) {
      throw malformed("layer tar truncated in a " + what + " after entry '" + last + "'");
    }
    discard((BLOCK - size % BLOCK) % BLOCK);
    return out;
  }

  private boolean allZero() {
    for (int i = 0; i < BLOCK; i++) if (hdr[i] != 0) return false;
    return true;
  }

  private void checkChecksum() throws IOException {
    long stored = number(148, 8, "checksum");
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      byte b = (i >= 148 && i < 156) ? (byte) ' ' : hdr[i];
      unsigned += b & 0xff;
      signed += b;
    }
    if (stored != unsigned && stored != signed) {
      String where = last == null ? "at the first entry" : "after entry '" + EntryNames.abbreviate(last) + "'";
      throw malformed("malformed layer tar " + where + ": header checksum mismatch (not a tar, or corrupt)");
    }
  }

  /** An octal field, or GNU base-256 when the first byte has its high bit set. */
  private long number(int off, int len, String field) throws IOException {
    byte[] buf = hdr;
    int p = off;
    if ((buf[p] & 0x80) != 0) {
      boolean negative = (buf[p] & 0x40) != 0;
      int inv = negative ? 0xff : 0;
      long v = 0;
      for (int i = 0; i < len; i++) {
        int c = (buf[p + i] & 0xff) ^ inv;
        if (i == 0) c &= 0x7f;
        v = (v << 8) | c;
      }
      return negative ? ~v : v;
    }
    int i = p;
    int end = p + len;
    while (i < end && (buf[i] == ' ' || buf[i] == 0)) i++;
    long v = 0;
    for (; i < end && buf[i] != ' ' && buf[i] != 0; i++) {
      int d = buf[i] - '0';
      if (d < 0 || d > 7) {
        String where = last == null ? "at the first entry" : "after entry '" + EntryNames.abbreviate(last) + "'";
        throw malformed("malformed layer tar " + where + ": bad " + field + " field");
      }
      v = (v << 3) | d;
    }
    return v;
  }

  private String ustarName() {
    byte[] buf = hdr;
    int h = 0;
    String name = cString(buf, h, 100);
    boolean ustar = buf[h + 257] == 'u' && buf[h + 258] == 's' && buf[h + 259] == 't' && buf[h + 260] == 'a'
        && buf[h + 261] == 'r';
    if (ustar && buf[h + 345] != 0) {
      // POSIX ustar prefix; GNU tar's "ustar  " format keeps atime there instead, but GNU never fills it
      // for names, so a non-empty prefix field only occurs in the POSIX format.
      if (buf[h + 262] == 0) return cString(buf, h + 345, 155) + "/" + name;
    }
    return name;
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) end++;
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static String cString(byte[] b) {
    return cString(b, 0, b.length);
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private Map<String, byte[]> parsePax(byte[] data) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    int i = 0;
    while (i < data.length) {
      int sp = i;
      long len = 0;
      while (sp < data.length && data[sp] >= '0' && data[sp] <= '9') len = len * 10 + (data[sp++] - '0');
      int end = (int) Math.min(Integer.MAX_VALUE, i + len);
      if (sp >= data.length || data[sp] != ' ' || len <= 0 || end > data.length || data[end - 1] != '\n') {
        throw malformed("malformed PAX header after entry '" + last + "'");
      }
      int eq = sp + 1;
      while (eq < end && data[eq] != '=') eq++;
      if (eq >= end) throw malformed("malformed PAX record after entry '" + last + "'");
      String key = new String(data, sp + 1, eq - sp - 1, StandardCharsets.UTF_8);
      byte[] value = java.util.Arrays.copyOfRange(data, eq + 1, end - 1);
      out.put(key, value);
      i = end;
    }
    return out;
  }

  private static Map<String, byte[]> xattrs(Map<String, byte[]> pax) {
    Map<String, byte[]> out = null;
    for (Map.Entry<String, byte[]> e : pax.entrySet()) {
      if (!e.getKey().startsWith(NodeWriter.XATTR_PREFIX)) continue;
      if (out == null) out = new TreeMap<>();
      out.put(e.getKey().substring(NodeWriter.XATTR_PREFIX.length()), e.getValue());
    }
    return out == null ? Map.of() : out;
  }

  private long paxLong(byte[] v, String key) throws IOException {
    try {
      return Long.parseLong(utf8(v).trim());
    } catch (NumberFormatException e) {
      throw malformed("malformed PAX " + key + " '" + utf8(v) + "' for the entry after '" + last + "'");
    }
  }

  /** "1700000000.123" -> {1700000000, 123000000}; negative times keep their sign on the seconds. */
  private long[] paxTime(byte[] v) throws IOException {
    String s = utf8(v).trim();
    int dot = s.indexOf('.');
    try {
      long sec = Long.parseLong(dot < 0 ? s : s.substring(0, dot));
      long nsec = 0;
      if (dot >= 0) {
        String frac = (s.substring(dot + 1) + "000000000").substring(0, 9);
        nsec = Long.parseLong(frac);
        if (s.startsWith("-") && nsec > 0) {
          sec -= 1;
          nsec = 1_000_000_000L - nsec;
        }
      }
      return new long[] {sec, nsec};
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw malformed("malformed PAX mtime '" + s + "' for the entry after '" + last + "'");
    }
  }

  private static MalformedLayerException malformed(String message) {
    return new MalformedLayerException(message, null);
  }
}
