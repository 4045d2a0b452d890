package dev.berth.build.context;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/** Reads tars back into simple values, and writes small tars for the tests (plain or compressed). */
final class TarFixture {
  private TarFixture() {}

  /** One entry as read back: its content as UTF-8 for regular files. */
  record Entry(String name, char type, int mode, long uid, long gid, String link, String content, long mtime) {}

  static List<Entry> read(byte[] tar) throws IOException {
    List<Entry> out = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        String content = e.isFile() && !e.isLink() ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : null;
        out.add(new Entry(e.getName(), (char) e.getLinkFlag(), e.getMode() & 07777, e.getLongUserId(),
            e.getLongGroupId(), e.getLinkName().isEmpty() ? null : e.getLinkName(), content,
            e.getLastModifiedTime().toMillis() / 1000));
      }
    }
    return out;
  }

  static List<String> names(byte[] tar) throws IOException {
    return read(tar).stream().map(Entry::name).toList();
  }

  static Entry entry(byte[] tar, String name) throws IOException {
    List<Entry> all = read(tar);
    return all.stream().filter(e -> e.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no entry " + name + " in " + all.stream().map(Entry::name).toList()));
  }

  /** A tar builder: {@code file("a", "x")}, {@code dir("d/")}, {@code symlink("l", "t")}, {@code hardlink("h", "a")}. */
  static final class Builder {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    Builder() {
      tar = new TarArchiveOutputStream(bytes);
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    Builder file(String name, String content) throws IOException {
      return file(name, content, 0644, 0, 0);
    }

    Builder file(String name, String content, int mode, int uid, int gid) throws IOException {
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
      e.setMode(mode);
      e.setUserId(uid);
      e.setGroupId(gid);
      e.setSize(data.length);
      e.setModTime(1_600_000_000_000L);
      tar.putArchiveEntry(e);
      tar.write(data);
      tar.closeArchiveEntry();
      return this;
    }

    Builder dir(String name, int mode) throws IOException {
      TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_DIR, true);
      e.setMode(mode);
      e.setModTime(1_600_000_000_000L);
      tar.putArchiveEntry(e);
      tar.closeArchiveEntry();
      return this;
    }

    Builder link(String name, String target, byte flag) throws IOException {
      TarArchiveEntry e = new TarArchiveEntry(name, flag, true);
      e.setLinkName(target);
      e.setMode(0777);
      e.setModTime(1_600_000_000_000L);
      tar.putArchiveEntry(e);
      tar.closeArchiveEntry();
      return this;
    }

    Builder symlink(String name, String target) throws IOException {
      return link(name, target, TarConstants.LF_SYMLINK);
    }

    Builder hardlink(String name, String target) throws IOException {
      return link(name, target, TarConstants.LF_LINK);
    }

    byte[] tar() throws IOException {
      tar.finish();
      tar.close();
      return bytes.toByteArray();
    }

    byte[] gzip() throws IOException {
      return compress(tar(), "gzip");
    }

    byte[] bzip2() throws IOException {
      return compress(tar(), "bzip2");
    }

    byte[] xz() throws IOException {
      return compress(tar(), "xz");
    }
  }

  static byte[] compress(byte[] data, String how) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream c = switch (how) {
      case "gzip" -> new GzipCompressorOutputStream(out);
      case "bzip2" -> new BZip2CompressorOutputStream(out);
      case "xz" -> new XZCompressorOutputStream(out);
      default -> throw new IllegalArgumentException(how);
    }) {
      c.write(data);
    }
    return out.toByteArray();
  }
}
