package dev.berth.image.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Test helpers to build and read small tars in memory. */
final class Tars {
  private Tars() {}

  /** Builds a tar entry by entry; all entries are owned by root with mtime 1 000 000 000. */
  static final class Builder {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, "UTF-8");

    Builder() {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    Builder dir(String name, int mode) {
      return put(entry(name.endsWith("/") ? name : name + "/", TarArchiveEntry.LF_DIR, 040000 | mode), null);
    }

    Builder file(String name, int mode, String content) {
      return file(name, mode, content.getBytes(StandardCharsets.UTF_8));
    }

    Builder file(String name, int mode, byte[] content) {
      TarArchiveEntry entry = entry(name, TarArchiveEntry.LF_NORMAL, 0100000 | mode);
      entry.setSize(content.length);
      return put(entry, content);
    }

    Builder symlink(String name, String target) {
      TarArchiveEntry entry = entry(name, TarArchiveEntry.LF_SYMLINK, 0120777);
      entry.setLinkName(target);
      return put(entry, null);
    }

    Builder hardlink(String name, String target) {
      TarArchiveEntry entry = entry(name, TarArchiveEntry.LF_LINK, 0100755);
      entry.setLinkName(target);
      return put(entry, null);
    }

    private static TarArchiveEntry entry(String name, byte type, int mode) {
      TarArchiveEntry entry = new TarArchiveEntry(name, type);
      entry.setMode(mode);
      entry.setIds(0, 0);
      entry.setModTime(1_000_000_000_000L);
      return entry;
    }

    private Builder put(TarArchiveEntry entry, byte[] content) {
      try {
        tar.putArchiveEntry(entry);
        if (content != null) tar.write(content);
        tar.closeArchiveEntry();
        return this;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    byte[] build() {
      try {
        tar.finish();
        tar.close();
        return bytes.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The regular files of a tar by name, in archive order (directories map to empty arrays). */
  static Map<String, byte[]> read(byte[] tar) {
    return read(new ByteArrayInputStream(tar));
  }

  static Map<String, byte[]> read(InputStream in) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) files.put(e.getName(), tar.readAllBytes());
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A tar of the given files, in map order. */
  static byte[] write(Map<String, byte[]> files) {
    Builder builder = new Builder();
    files.forEach((name, content) -> {
      if (name.endsWith("/")) builder.dir(name, 0755);
      else builder.file(name, 0644, content);
    });
    return builder.build();
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
