package dev.berth.runtime.fs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds tars entry by entry and reads them back, for the archive tests. */
final class TestTars {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

  TestTars() {
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
  }

  TestTars file(String name, String content, int mode, int uid, int gid) {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    return add(name, TarConstants.LF_NORMAL, e -> {
      e.setMode(mode);
      e.setUserId(uid);
      e.setGroupId(gid);
      e.setSize(data.length);
      e.setModTime(FileTime.fromMillis(1_600_000_000_000L));
    }, data);
  }

  TestTars file(String name, String content) {
    return file(name, content, 0644, 0, 0);
  }

  /** A regular file carrying PAX records (SCHILY.xattr.* and the like). */
  TestTars fileWithPax(String name, String content, java.util.Map<String, String> pax) {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    return add(name, TarConstants.LF_NORMAL, e -> {
      e.setMode(0644);
      e.setSize(data.length);
      pax.forEach(e::addPaxHeader);
    }, data);
  }

  TestTars dir(String name, int mode) {
    return add(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, e -> {
      e.setMode(mode);
      e.setModTime(FileTime.fromMillis(1_500_000_000_000L));
    }, null);
  }

  TestTars symlink(String name, String target) {
    return add(name, TarConstants.LF_SYMLINK, e -> e.setLinkName(target), null);
  }

  TestTars hardlink(String name, String target) {
    return add(name, TarConstants.LF_LINK, e -> e.setLinkName(target), null);
  }

  TestTars fifo(String name) {
    return add(name, TarConstants.LF_FIFO, e -> e.setMode(0600), null);
  }

  private TestTars add(String name, byte flag, Consumer<TarArchiveEntry> setup, byte[] data) {
    try {
      TarArchiveEntry e = new TarArchiveEntry(name, flag, true);
      setup.accept(e);
      tar.putArchiveEntry(e);
      if (data != null) tar.write(data);
      tar.closeArchiveEntry();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  byte[] bytes() {
    try {
      tar.finish();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One entry as read back: name, type flag, link name, size, mode, uid, content. */
  record Entry(String name, byte type, String link, long size, int mode, long uid, String content) {}

  static List<Entry> read(byte[] tarBytes) {
    List<Entry> out = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tarBytes))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        out.add(new Entry(e.getName(), e.getLinkFlag(), e.getLinkName(), e.getSize(), e.getMode(), e.getLongUserId(), content));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
