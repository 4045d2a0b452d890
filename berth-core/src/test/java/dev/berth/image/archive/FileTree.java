package dev.berth.image.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * A file tree as a comparable map, path to node, built from a layer tar or from a directory on disk, so
 * that tests can check file by file: names, types, permission bits (setuid included), sizes, contents and
 * link targets. A hard link in a tar takes its target's node, as it does on disk.
 */
final class FileTree {
  private FileTree() {}

  /** One file: type 'f', 'd' or 'l'; mode is the 07777 bits (0 for symlinks); sha256 only for files. */
  record Node(char type, int mode, long size, String sha256, String linkTarget) {}

  /** The tree of a layer tar (plain or compressed), applied over {@code base} (no whiteouts expected). */
  static Map<String, Node> ofTar(InputStream layer, Map<String, Node> base) {
    Map<String, Node> tree = new TreeMap<>(base);
    try (InputStream in = decompress(new java.io.BufferedInputStream(layer));
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        String name = clean(e.getName());
        if (name.isEmpty()) continue;
        if (e.isDirectory()) {
          tree.put(name, new Node('d', e.getMode() & 07777, 0, null, null));
        } else if (e.isSymbolicLink()) {
          tree.put(name, new Node('l', 0, 0, null, e.getLinkName()));
        } else if (e.isLink()) {
          tree.put(name, tree.get(clean(e.getLinkName())));
        } else if (e.isFile()) {
          tree.put(name, new Node('f', e.getMode() & 07777, e.getSize(), sha256(tar.readAllBytes()), null));
        }
      }
      return tree;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Node> ofTar(byte[] layer) {
    return ofTar(new java.io.ByteArrayInputStream(layer), Map.of());
  }

  /** The tree under {@code root} (root itself excluded), never following links. */
  static Map<String, Node> ofDirectory(Path root) {
    Map<String, Node> tree = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.toList()) {
        String name = root.relativize(path).toString();
        if (name.isEmpty()) continue;
        tree.put(name, node(path));
      }
      return tree;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Node node(Path path) throws IOException {
    Map<String, Object> attributes = Files.readAttributes(path, "unix:mode,size", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) attributes.get("mode") & 07777;
    if (Files.isSymbolicLink(path)) return new Node('l', 0, 0, null, Files.readSymbolicLink(path).toString());
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) return new Node('d', mode, 0, null, null);
    return new Node('f', mode, (Long) attributes.get("size"), sha256(Files.readAllBytes(path)), null);
  }

  private static InputStream decompress(InputStream in) {
    try {
      String format = CompressorStreamFactory.detect(in);
      return new CompressorStreamFactory().createCompressorInputStream(format, in);
    } catch (org.apache.commons.compress.compressors.CompressorException e) {
      return in;
    }
  }

  private static String clean(String name) {
    String n = name.startsWith("./") ? name.substring(2) : name.startsWith("/") ? name.substring(1) : name;
    return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(dev.berth.oci.Digest.newSha256().digest(bytes));
  }
}
