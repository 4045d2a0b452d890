package dev.berth.image.archive;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * Unpacks an image archive (a tar, maybe gzip-, bzip2- or zstd-compressed, as {@code docker load} accepts)
 * into a scratch directory, because its entries may come in any order and readers need random access.
 *
 * <p>Only regular files and directories are created. A hard link or symlink becomes a second hard link to
 * its target when that target is a file inside the archive (skopeo's docker-archive links legacy {@code
 * <id>/layer.tar} names to {@code <hex>.tar}); any other link is dropped. An entry whose name leaves the
 * archive ({@code ../x}, {@code /x}) rejects the whole archive, as does a truncated entry.
 */
final class ArchiveExtractor {
  private ArchiveExtractor() {}

  private static final int MAX_LINK_HOPS = 16;

  /** What {@code docker load} accepts; other signatures a tar could start with by chance are ignored. */
  private static final java.util.Set<String> LOADABLE_COMPRESSIONS = java.util.Set.of(
      CompressorStreamFactory.GZIP, CompressorStreamFactory.BZIP2, CompressorStreamFactory.XZ, CompressorStreamFactory.ZSTANDARD);

  static ExtractedArchive extract(InputStream archive, Path dir) {
    Map<String, String> links = new LinkedHashMap<>();
    TailInputStream tail = new TailInputStream(decompress(archive));
    String last = null;
    try (TarArchiveInputStream tar = new TarArchiveInputStream(tail, "UTF-8")) {
      for (TarArchiveEntry entry; (entry = nextEntry(tar, last)) != null; last = entry.getName()) {
        String name = ExtractedArchive.normalize(entry.getName());
        if (name == null) {
          throw new InvalidArgumentException("load: archive entry \"" + entry.getName() + "\" points outside the archive");
        }
        if (name.isEmpty()) continue;
        if (entry.isDirectory()) {
          createDirectories(dir, name);
        } else if (entry.isSymbolicLink() || entry.isLink()) {
          String target = linkTarget(name, entry);
          if (target != null) links.put(name, target);
        } else if (entry.isFile()) {
          extractFile(tar, entry, dir, name);
        }
      }
      if (!tail.endsWithZeroRecord()) {
        throw new InvalidArgumentException(last == null
            ? "load: archive is empty or not a tar"
            : "load: archive is truncated: it ends after entry \"" + last + "\" without the tar end-of-archive marker");
      }
    } catch (IOException e) {
      throw new SystemException("load: cannot read the archive: " + e.getMessage(), e);
    }
    materializeLinks(dir, links);
    return new ExtractedArchive(dir);
  }

  private static InputStream decompress(InputStream archive) {
    BufferedInputStream in = new BufferedInputStream(archive, 64 * 1024);
    String format;
    try {
      format = CompressorStreamFactory.detect(in);
    } catch (CompressorException e) {
      return in;
    }
    if (!LOADABLE_COMPRESSIONS.contains(format)) return in;
    try {
      return new CompressorStreamFactory(true).createCompressorInputStream(format, in);
    } catch (CompressorException e) {
      throw new InvalidArgumentException("load: the archive is " + format + "-compressed, which is not supported: " + e.getMessage(), e);
    }
  }

  private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, String previous) {
    try {
      return tar.getNextEntry();
    } catch (IOException e) {
      String where = previous == null ? "at its start" : "after entry \"" + previous + "\"";
      throw new InvalidArgumentException("load: archive is not a valid tar, or is truncated, " + where + ": " + e.getMessage(), e);
    }
  }

  /** A symlink's target resolved against its directory, or a hard link's; null when it leaves the archive. */
  private static String linkTarget(String name, TarArchiveEntry entry) {
    String target = entry.getLinkName();
    if (entry.isSymbolicLink() && !target.startsWith("/")) {
      int slash = name.lastIndexOf('/');
      target = (slash < 0 ? "" : name.substring(0, slash + 1)) + target;
    }
    return ExtractedArchive.normalize(target.startsWith("/") ? target.substring(1) : target);
  }

  private static void createDirectories(Path dir, String name) {
    try {
      Files.createDirectories(dir.resolve(name));
    } catch (FileAlreadyExistsException e) {
      throw new InvalidArgumentException("load: archive entry \"" + name + "\" is both a file and a directory", e);
    } catch (IOException e) {
      throw new SystemException("load: cannot create scratch directory for \"" + name + "\": " + e.getMessage(), e);
    }
  }

  private static void extractFile(TarArchiveInputStream tar, TarArchiveEntry entry, Path dir, String name) {
    int slash = name.lastIndexOf('/');
    if (slash > 0) createDirectories(dir, name.substring(0, slash));
    Path file = dir.resolve(name);
    if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidArgumentException("load: archive entry \"" + name + "\" is both a file and a directory");
    }
    long copied = 0;
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = read(tar, buffer, name)) > 0; copied += n) out.write(buffer, 0, n);
    } catch (IOException e) {
      throw new SystemException("load: cannot write \"" + name + "\" to the scratch directory: " + e.getMessage(), e);
    }
    if (copied != entry.getSize()) {
      throw new InvalidArgumentException("load: archive is truncated: entry \"" + name + "\" has " + copied + " of its "
          + entry.getSize() + " bytes");
    }
  }

  private static int read(TarArchiveInputStream tar, byte[] buffer, String name) {
    try {
      return tar.read(buffer);
    } catch (IOException e) {
      throw new InvalidArgumentException("load: archive is truncated or corrupt in entry \"" + name + "\": " + e.getMessage(), e);
    }
  }

  /** Turns each link whose (possibly chained) target is an extracted file into a hard link to it. */
  private static void materializeLinks(Path dir, Map<String, String> links) {
    for (Map.Entry<String, String> link : links.entrySet()) {
      String target = link.getValue();
      for (int hop = 0; hop < MAX_LINK_HOPS && links.containsKey(target); hop++) target = links.get(target);
      Path from = dir.resolve(target);
      Path to = dir.resolve(link.getKey());
      if (!Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS) || Files.exists(to, LinkOption.NOFOLLOW_LINKS)) continue;
      try {
        Path parent = to.getParent();
        if (parent != null) Files.createDirectories(parent);
        try {
          Files.createLink(to, from);
        } catch (UnsupportedOperationException | IOException e) {
          Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      } catch (IOException e) {
        throw new SystemException("load: cannot link \"" + link.getKey() + "\" in the scratch directory: " + e.getMessage(), e);
      }
    }
  }
}
