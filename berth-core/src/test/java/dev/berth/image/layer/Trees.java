package dev.berth.image.layer;

import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Test helpers: a comparable description of a whole tree, and small file utilities. */
final class Trees {
  private Trees() {}

  /** path -> "type mode uid:gid mtime size/link/dev xattrs content-hash", for every node under root. */
  static Map<String, String> describe(Path root) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.equals(root)) continue;
        out.put(root.relativize(p).toString(), describeOne(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static String describeOne(Path p) throws IOException {
    FileStat st = FileStat.of(p);
    StringBuilder sb = new StringBuilder();
    sb.append(Integer.toOctalString(st.mode())).append(' ').append(st.uid()).append(':').append(st.gid())
        .append(' ').append(st.mtimeSec());
    if (st.isSymlink()) sb.append(" -> ").append(Files.readSymbolicLink(p));
    else if (st.isRegular()) sb.append(" ").append(Digest.sha256(Files.readAllBytes(p)).shortId());
    else if (!st.isDir()) sb.append(" dev ").append(st.major()).append(',').append(st.minor());
    LayerDiffer.xattrs(p).forEach((k, v) -> sb.append(' ').append(k).append('=').append(HexFormat.of().formatHex(v)));
    return sb.toString();
  }

  static void deleteQuietly(Path p) {
    if (p == null) return;
    try {
      if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) NodeWriter.deleteTree(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
