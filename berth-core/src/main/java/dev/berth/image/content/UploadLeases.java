package dev.berth.image.content;

import dev.berth.errors.SystemException;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Leases as files: {@code <uploads>/leases/sha256-<hex>}, an empty file whose modification time is when the
 * lease was last taken. Files, not memory, so that a lease outlives a restart of the daemon between a
 * sender's uploads and its commit. They are not fsynced: a lease lost in a crash of the host costs at worst a
 * blob sent again.
 */
final class UploadLeases {
  private static final Pattern NAME = Pattern.compile("sha256-([a-f0-9]{64})");

  private final Path dir;

  UploadLeases(Path dir) {
    this.dir = dir;
  }

  void take(Collection<Digest> digests) {
    try {
      Files.createDirectories(dir);
      FileTime now = FileTime.from(Instant.now());
      for (Digest d : digests) {
        Path file = file(d);
        if (!Files.exists(file)) Files.createFile(file);
        Files.setLastModifiedTime(file, now);
      }
    } catch (IOException e) {
      throw new SystemException("taking a lease on blobs " + digests + ": " + e.getMessage(), e);
    }
  }

  void release(Collection<Digest> digests) {
    try {
      for (Digest d : digests) Files.deleteIfExists(file(d));
    } catch (IOException e) {
      throw new SystemException("releasing the lease on blobs " + digests + ": " + e.getMessage(), e);
    }
  }

  Set<Digest> all() {
    Set<Digest> out = new HashSet<>();
    forEach((digest, file) -> out.add(digest));
    return out;
  }

  /** Removes the leases taken before {@code cutoff}; returns how many. */
  int expire(Instant cutoff) {
    int[] removed = {0};
    forEach((digest, file) -> {
      try {
        if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) removed[0]++;
      } catch (NoSuchFileException e) {
        // released meanwhile
      } catch (IOException e) {
        throw new SystemException("expiring the lease on blob " + digest + ": " + e.getMessage(), e);
      }
    });
    return removed[0];
  }

  private void forEach(java.util.function.BiConsumer<Digest, Path> visitor) {
    if (!Files.isDirectory(dir)) return;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path p : files) {
        var m = NAME.matcher(p.getFileName().toString());
        if (m.matches()) visitor.accept(new Digest("sha256", m.group(1)), p);
      }
    } catch (IOException e) {
      throw new SystemException("listing the upload leases: " + e.getMessage(), e);
    }
  }

  private Path file(Digest digest) {
    return dir.resolve("sha256-" + digest.encoded());
  }
}
