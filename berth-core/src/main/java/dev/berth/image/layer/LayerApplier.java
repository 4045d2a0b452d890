package dev.berth.image.layer;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import dev.berth.storage.Mount;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Applies an OCI layer (a tar, plain, gzip or zstd, told apart by magic bytes) to a snapshot directory.
 *
 * <p>What it keeps: contents, ownership, modes with setuid/setgid/sticky, mtimes (symlinks too; directories
 * last), symlinks, hardlinks, device nodes and fifos, and {@code SCHILY.xattr.*} extended attributes except
 * {@code trusted.overlay.*}. A later entry replaces an earlier one of the same path; a directory over a
 * directory merges. Whiteouts follow {@link WhiteoutMode}.
 *
 * <p>Safety: nothing is ever written outside the target. Absolute names are taken relative to the target
 * (as Docker does); a {@code ..} that would climb above it is refused; symlinks met on the way are resolved
 * as if the target were {@code /}; hardlink targets must lie inside and exist; components longer than 255
 * bytes are refused.
 *
 * <p>Failure contract: a malformed or truncated layer throws InvalidArgumentException, a failing filesystem
 * SystemException. Either way the target is left partly written: the caller (a snapshotter's prepare)
 * removes the whole active snapshot. Apply into a fresh active snapshot, never into a committed one.
 */
public final class LayerApplier {
  private LayerApplier() {}

  /** Applies {@code layer} to {@code target}, an existing directory; does not close the stream. */
  public static ApplyResult apply(InputStream layer, Path target, WhiteoutMode mode) {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(mode, "mode");
    try {
      try (TarChunks chunks = TarChunks.of(decompress(layer))) {
        return run(chunks, target, mode);
      }
    } catch (MalformedLayerException e) {
      throw malformed(target, e);
    } catch (IOException e) {
      throw failed(target, e);
    }
  }

  /**
   * Applies the layer blob in file {@code layer} to {@code target}, an existing directory. The fast path: an
   * uncompressed layer is read straight into native memory, from which files are written and the diff ID
   * hashed, with no copy in between; a compressed one is decompressed as a stream.
   */
  public static ApplyResult apply(Path layer, Path target, WhiteoutMode mode) {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(mode, "mode");
    try (FileChannel ch = FileChannel.open(layer, StandardOpenOption.READ)) {
      boolean plain = sniff(ch) == Compression.NONE;
      try (TarChunks chunks = plain ? TarChunks.of(ch) : TarChunks.of(decompress(Channels.newInputStream(ch)))) {
        return run(chunks, target, mode);
      }
    } catch (NoSuchFileException e) {
      throw new SystemException("apply layer " + layer + " to " + target + ": no such file " + e.getFile(), e);
    } catch (MalformedLayerException e) {
      throw malformed(target, e);
    } catch (IOException e) {
      throw failed(target, e);
    }
  }

  /**
   * Applies a layer to an active snapshot given as the mounts its snapshotter's prepare returned: one
   * "bind" mount (its source is written, {@link WhiteoutMode#DELETE}) or one "overlay" mount (its
   * {@code upperdir=} is written, {@link WhiteoutMode#OVERLAY}).
   */
  public static ApplyResult applyToMounts(InputStream layer, List<Mount> mounts) {
    Destination d = destination(mounts);
    return apply(layer, d.dir(), d.mode());
  }

  /** {@link #applyToMounts(InputStream, List)} for a layer blob in a file: see {@link #apply(Path, Path, WhiteoutMode)}. */
  public static ApplyResult applyToMounts(Path layer, List<Mount> mounts) {
    Destination d = destination(mounts);
    return apply(layer, d.dir(), d.mode());
  }

  private record Destination(Path dir, WhiteoutMode mode) {}

  private static Destination destination(List<Mount> mounts) {
    Objects.requireNonNull(mounts, "mounts");
    if (mounts.size() != 1) {
      throw new InvalidArgumentException("apply layer: expected exactly one mount, got " + mounts.size());
    }
    Mount m = mounts.getFirst();
    if (m.options().contains("ro")) {
      throw new InvalidArgumentException("apply layer: mount of " + m.source() + " is read-only (a view, not an active snapshot)");
    }
    return switch (m.type()) {
      case "bind" -> new Destination(Path.of(m.source()), WhiteoutMode.DELETE);
      case "overlay" -> new Destination(upperdir(m), WhiteoutMode.OVERLAY);
      default -> throw new InvalidArgumentException("apply layer: unsupported mount type '" + m.type()
          + "' (expected bind or overlay)");
    };
  }

  private static Path upperdir(Mount m) {
    for (String o : m.options()) {
      if (o.startsWith("upperdir=")) return Path.of(o.substring("upperdir=".length()));
    }
    throw new InvalidArgumentException("apply layer: overlay mount has no upperdir= option: " + m.options());
  }

  private static InvalidArgumentException malformed(Path target, MalformedLayerException e) {
    return new InvalidArgumentException("apply layer to " + target + ": " + e.getMessage(), e);
  }

  private static SystemException failed(Path target, IOException e) {
    return new SystemException("apply layer to " + target + ": " + e.getMessage(), e);
  }

  private static ApplyResult run(TarChunks chunks, Path target, WhiteoutMode mode) throws IOException {
    Extraction extraction = new Extraction(target, mode);
    TarReader tar = new TarReader(chunks);
    String last = null;
    for (TarReader.Entry e = tar.next(); e != null; e = tar.next()) {
      last = e.name();
      extraction.entry(e, tar);
    }
    extraction.finish();
    tar.drain();
    if (chunks.count() == 0) throw new MalformedLayerException("the layer is empty (0 bytes), not a tar", null);
    if (chunks.count() % TarReader.BLOCK != 0) {
      throw new MalformedLayerException("layer tar truncated after entry '" + last + "': " + chunks.count()
          + " bytes is not a whole number of 512-byte blocks", null);
    }
    return new ApplyResult(chunks.digest(), chunks.count(), extraction.files());
  }

  private static InputStream decompress(InputStream layer) throws MalformedLayerException {
    try {
      return Compression.decompress(layer);
    } catch (IOException e) {
      throw new MalformedLayerException("cannot read the layer's compression header: " + e.getMessage(), e);
    }
  }

  /** The compression of the blob in {@code ch}, from its first bytes, read without moving the position. */
  private static Compression sniff(FileChannel ch) throws MalformedLayerException {
    try {
      ByteBuffer head = ByteBuffer.allocate(Compression.MAGIC_LENGTH);
      while (head.hasRemaining() && ch.read(head, head.position()) > 0) {
        // a file may return fewer bytes than asked only at its end
      }
      return Compression.detect(Arrays.copyOf(head.array(), head.position()));
    } catch (IOException e) {
      throw new MalformedLayerException("cannot read the layer's compression header: " + e.getMessage(), e);
    }
  }
}
