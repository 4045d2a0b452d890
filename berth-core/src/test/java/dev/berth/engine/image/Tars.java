package dev.berth.engine.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds small root file system tars for tests. */
final class Tars {
  private Tars() {}

  /** This process's uid and gid, so that applying the tar needs no chown (and no root). */
  private static final int[] OWNER = owner();

  private static int[] owner() {
    try {
      java.nio.file.Path self = java.nio.file.Path.of("/proc/self");
      return new int[] {(Integer) java.nio.file.Files.getAttribute(self, "unix:uid"),
          (Integer) java.nio.file.Files.getAttribute(self, "unix:gid")};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A tar of regular files, path to content, in the map's order. */
  static byte[] of(Map<String, String> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        byte[] data = f.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(f.getKey());
        e.setSize(data.length);
        e.setMode(0644);
        e.setUserId(OWNER[0]);
        e.setGroupId(OWNER[1]);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gz = new GzipCompressorOutputStream(bytes)) {
      gz.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] zstd(byte[] plain) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream z = new com.github.luben.zstd.ZstdOutputStream(bytes)) {
      z.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
