package dev.berth.engine.image;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import dev.berth.image.content.ContentStore;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads one regular file of an image from its layer blobs, newest layer first, without a snapshot or a container:
 * the first layer that has the path (or a whiteout of it or of a directory above it) decides. Used for files an
 * image carries for the engine rather than for its process, such as dom0's stack file.
 */
final class ImageFileReader {
  private final ContentStore content;

  ImageFileReader(ContentStore content) {
    this.content = content;
  }

  /** The file's bytes; empty when no layer has it or a whiteout hides it. {@code path} is absolute. */
  Optional<byte[]> read(Manifest manifest, String path, int maxBytes) {
    String wanted = normalize(path);
    if (wanted.isEmpty()) throw new InvalidArgumentException("reading a file from an image: \"" + path + "\" is not a file path");
    List<Descriptor> layers = manifest.layers();
    for (int i = layers.size() - 1; i >= 0; i--) {
      Found found = scan(layers.get(i), wanted, path, maxBytes);
      switch (found) {
        case Found.File f -> {
          return Optional.of(f.bytes());
        }
        case Found.Hidden h -> {
          return Optional.empty();
        }
        case Found.Absent a -> {
          // look in the layer below
        }
      }
    }
    return Optional.empty();
  }

  /** What one layer says of the path. */
  private sealed interface Found {
    record File(byte[] bytes) implements Found {}

    record Hidden() implements Found {}

    record Absent() implements Found {}
  }

  private Found scan(Descriptor layer, String wanted, String path, int maxBytes) {
    try (InputStream raw = content.open(layer.digest()); TarArchiveInputStream tar = new TarArchiveInputStream(Decompression.uncompressed(raw))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        String name = normalize(e.getName());
        if (name.equals(wanted)) {
          if (!e.isFile()) throw new InvalidArgumentException("reading " + path + " from an image: it is not a regular file in layer " + layer.digest());
          if (e.getSize() > maxBytes) {
            throw new InvalidArgumentException("reading " + path + " from an image: it has " + e.getSize() + " bytes, more than the " + maxBytes + " allowed");
          }
          return new Found.File(tar.readAllBytes());
        }
        if (hides(name, wanted)) return new Found.Hidden();
      }
      return new Found.Absent();
    } catch (IOException e) {
      throw new SystemException("reading " + path + " from image layer " + layer.digest(), e);
    }
  }

  /** A whiteout of the path or of a directory above it, or an opaque marker of a directory above it. */
  static boolean hides(String entry, String wanted) {
    int slash = entry.lastIndexOf('/');
    String dir = slash < 0 ? "" : entry.substring(0, slash);
    String base = entry.substring(slash + 1);
    if (!base.startsWith(".wh.")) return false;
    boolean under = dir.isEmpty() || wanted.startsWith(dir + "/");
    if (!under) return false;
    if (base.equals(".wh..wh..opq")) return true;
    String hidden = dir.isEmpty() ? base.substring(4) : dir + "/" + base.substring(4);
    return wanted.equals(hidden) || wanted.startsWith(hidden + "/");
  }

  /** {@code ./etc/x}, {@code /etc/x} and {@code etc/x/} all become {@code etc/x}. */
  static String normalize(String name) {
    String n = name;
    while (n.startsWith("./")) n = n.substring(2);
    while (n.startsWith("/")) n = n.substring(1);
    while (n.endsWith("/")) n = n.substring(0, n.length() - 1);
    return n;
  }
}
