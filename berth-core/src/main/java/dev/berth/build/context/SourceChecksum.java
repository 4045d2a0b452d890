package dev.berth.build.context;

import dev.berth.errors.SystemException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The build cache's digest of COPY sources: for each source in order its name and kind, then for every node
 * it brings (sorted, as {@link SourceWalker} lists them) the relative name, type, permission bits, size, link
 * target and content. Owners and mtimes are left out: COPY sets the owner itself, and touching a file must
 * not invalidate the cache.
 */
final class SourceChecksum {
  private SourceChecksum() {}

  static String of(List<CopySource> sources) {
    MessageDigest sha = sha256();
    byte[] buffer = new byte[1 << 16];
    try {
      for (CopySource s : sources) {
        field(sha, "source", s.name(), s.directory() ? "dir" : "file");
        for (SourceEntry e : SourceWalker.walk(s)) {
          field(sha, e.rel(), e.type().name(), Integer.toOctalString(e.mode()), Long.toString(e.size()),
              e.linkTarget() == null ? "" : e.linkTarget(), deviceOf(e));
          if (e.type() == SourceEntry.Type.FILE) content(sha, e, buffer);
        }
      }
    } catch (IOException e) {
      throw new SystemException("checksum COPY sources: " + e.getMessage(), e);
    }
    return "sha256:" + HexFormat.of().formatHex(sha.digest());
  }

  private static String deviceOf(SourceEntry e) {
    return e.type() == SourceEntry.Type.CHAR || e.type() == SourceEntry.Type.BLOCK ? e.major() + "," + e.minor() : "";
  }

  private static void content(MessageDigest sha, SourceEntry e, byte[] buffer) throws IOException {
    long n = 0;
    try (InputStream in = Files.newInputStream(e.host())) {
      for (int r; (r = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, r);
        n += r;
      }
    }
    field(sha, "content", Long.toString(n));
  }

  /** Fields separated by NUL and ended by a newline, so that no two different records hash alike. */
  private static void field(MessageDigest sha, String... parts) {
    for (String p : parts) {
      sha.update(p.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
    }
    sha.update((byte) '\n');
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
