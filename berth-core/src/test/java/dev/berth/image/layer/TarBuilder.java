package dev.berth.image.layer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds layer tars for tests with commons-compress, one entry per call. */
final class TarBuilder {
  static final long MTIME = 1_600_000_000L;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;
  private final int uid;
  private final int gid;

  TarBuilder() {
    this(ProcessIdentity.UID, ProcessIdentity.GID);
  }

  TarBuilder(int uid, int gid) {
    this.uid = uid;
    this.gid = gid;
    tar = new TarArchiveOutputStream(bytes, 512);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  TarBuilder dir(String name, int mode) {
    return entry(name, TarConstants.LF_DIR, mode, null, e -> {});
  }

  TarBuilder file(String name, String content, int mode) {
    return entry(name, TarConstants.LF_NORMAL, mode, content.getBytes(StandardCharsets.UTF_8), e -> {});
  }

  TarBuilder file(String name, String content) {
    return file(name, content, 0644);
  }

  TarBuilder symlink(String name, String target) {
    return entry(name, TarConstants.LF_SYMLINK, 0777, null, e -> e.setLinkName(target));
  }

  TarBuilder hardlink(String name, String target) {
    return entry(name, TarConstants.LF_LINK, 0644, null, e -> e.setLinkName(target));
  }

  TarBuilder device(String name, byte flag, int mode, int major, int minor) {
    return entry(name, flag, mode, null, e -> {
      e.setDevMajor(major);
      e.setDevMinor(minor);
    });
  }

  /** An entry with full control: owner, mtime, xattrs through {@code tweak}. */
  TarBuilder entry(String name, byte flag, int mode, byte[] content, Consumer<TarArchiveEntry> tweak) {
    try {
      TarArchiveEntry e = new TarArchiveEntry(name, flag, true);
      e.setMode(mode);
      e.setUserId(uid);
      e.setGroupId(gid);
      e.setUserName("");
      e.setGroupName("");
      e.setModTime(FileTime.from(java.time.Instant.ofEpochSecond(MTIME)));
      e.setSize(content == null ? 0 : content.length);
      tweak.accept(e);
      tar.putArchiveEntry(e);
      if (content != null) tar.write(content);
      tar.closeArchiveEntry();
      return this;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  static Consumer<TarArchiveEntry> xattrs(Map<String, String> xattrs) {
    return e -> xattrs.forEach((k, v) -> e.addPaxHeader("SCHILY.xattr." + k, v));
  }

  byte[] build() {
    try {
      tar.finish();
      tar.close();
      return bytes.toByteArray();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
