package dev.berth.cli.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Adds a Dockerfile that lives outside the context (or came on standard input) to a context tar, as the
 * docker CLI does: under a hidden random name, which is also appended to {@code .dockerignore} so that
 * {@code COPY .} does not pick it up (a context without one gets one that also ignores itself, as docker's).
 */
final class TarPlus {
  private TarPlus() {}

  /** Copies {@code context} to {@code out}, with {@code dockerfile} added as {@code name}. */
  static void addDockerfile(InputStream context, String name, byte[] dockerfile, OutputStream out) throws IOException {
    boolean sawIgnore = false;
    try (TarArchiveInputStream in = new TarArchiveInputStream(context);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.getName().equals(".dockerignore") && e.isFile()) {
          sawIgnore = true;
          byte[] text = (new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8);
          put(tar, ".dockerignore", text, e.getMode());
          continue;
        }
        tar.putArchiveEntry(e);
        if (e.isFile()) in.transferTo(tar);
        tar.closeArchiveEntry();
      }
      if (!sawIgnore) put(tar, ".dockerignore", (".dockerignore\n" + name + "\n").getBytes(StandardCharsets.UTF_8), 0644);
      put(tar, name, dockerfile, 0644);
      tar.finish();
    }
  }

  /** A one-file context: the Dockerfile read from standard input, as {@code Dockerfile}. */
  static void dockerfileOnly(byte[] dockerfile, OutputStream out) throws IOException {
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      put(tar, "Dockerfile", dockerfile, 0644);
      tar.finish();
    }
  }

  private static void put(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(content.length);
    e.setMode(0100000 | (mode & 07777));
    e.setModTime(new Date());
    tar.putArchiveEntry(e);
    tar.write(content);
    tar.closeArchiveEntry();
  }
}
