package dev.berth.image.archive;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.image.content.ContentStore;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A test-only content store: {@code <dir>/<hex>} per blob, written to a temp file, checked against the
 * expected digest and size, then renamed into place, as the real store does.
 */
final class DirContentStore implements ContentStore {
  private final Path dir;

  DirContentStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean exists(Digest digest) {
    return Files.isRegularFile(path(digest));
  }

  @Override
  public Optional<BlobInfo> info(Digest digest) {
    try {
      Path file = path(digest);
      if (!Files.isRegularFile(file)) return Optional.empty();
      return Optional.of(new BlobInfo(digest, Files.size(file), Files.getLastModifiedTime(file).toInstant()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public InputStream open(Digest digest) {
    try {
      return Files.newInputStream(path(digest));
    } catch (IOException e) {
      throw new NotFoundException("No such blob: " + digest, e);
    }
  }

  @Override
  public byte[] read(Digest digest) {
    try (InputStream in = open(digest)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Path path(Digest digest) {
    return dir.resolve(digest.encoded());
  }

  @Override
  public BlobInfo write(InputStream content, Digest expected, long expectedSize) {
    try {
      Path temp = Files.createTempFile(dir, "ingest-", ".tmp");
      MessageDigest sha256 = Digest.newSha256();
      long size;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha256)) {
        size = content.transferTo(out);
      }
      Digest actual = Digest.fromSha256(sha256.digest());
      if ((expected != null && !expected.equals(actual)) || (expectedSize >= 0 && expectedSize != size)) {
        Files.delete(temp);
        throw new InvalidArgumentException("write blob: content is " + size + " bytes hashing to " + actual + ", expected "
            + expectedSize + " bytes hashing to " + expected);
      }
      Files.move(temp, path(actual), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return info(actual).orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public BlobInfo write(byte[] content) {
    return write(new java.io.ByteArrayInputStream(content), null, content.length);
  }

  @Override
  public void delete(Digest digest) {
    try {
      Files.deleteIfExists(path(digest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void walk(Consumer<BlobInfo> visitor) {
    try (Stream<Path> files = Files.list(dir)) {
      files.map(f -> f.getFileName().toString())
          .filter(hex -> Digest.isDigest("sha256:" + hex))
          .forEach(hex -> info(new Digest("sha256", hex)).ifPresent(visitor));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Number of committed blobs (temp files excluded). */
  long count() {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> Digest.isDigest("sha256:" + f.getFileName())).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
