package dev.berth.image.content;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The content store on a local file system, after containerd's {@code content/local}. A blob is streamed
 * into a fresh file under {@code ingest/}, fsynced, hashed while it is written and compared with the
 * expected digest and size; only then is it renamed to {@code blobs/sha256/<hex>} and the directory
 * fsynced. A reader therefore sees a blob whole or not at all, even after a kill -9, and two writers of
 * the same blob both succeed: rename replaces identical bytes with identical bytes.
 */
public final class LocalContentStore implements ContentStore {
  private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");
  /** The copy buffer of a write. */
  private static final int BUFFER = 1024 * 1024;

  private final Path blobs;
  private final Path ingest;
  private final LocalBlobUploads uploads;

  private LocalContentStore(Path root) {
    this.blobs = root.resolve("blobs").resolve("sha256");
    this.ingest = root.resolve("ingest");
    this.uploads = new LocalBlobUploads(this, root.resolve("uploads"));
  }

  /**
   * Resumable uploads into this store, under {@code uploads/}. Unlike {@code ingest/}, it is kept across
   * restarts: its bytes are what a sender that lost its connection does not have to send again.
   */
  @Override
  public BlobUploads uploads() {
    return uploads;
  }

  @Override
  public java.util.Set<Digest> leased() {
    return uploads.leased();
  }

  /**
   * Opens (creating if needed) the store under {@code root}, usually {@code <dataRoot>/content}. Ingest
   * leftovers of a crashed process are deleted: they were never visible as blobs.
   */
  public static LocalContentStore open(Path root) {
    LocalContentStore store = new LocalContentStore(root);
    try {
      Files.createDirectories(store.blobs);
      Files.createDirectories(store.ingest);
      try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(store.ingest)) {
        for (Path p : leftovers) Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new SystemException("opening the content store at " + root + ": " + e.getMessage(), e);
    }
    return store;
  }

  @Override
  public boolean exists(Digest digest) {
    return Files.isRegularFile(path(digest));
  }

  @Override
  public Optional<BlobInfo> info(Digest digest) {
    try {
      BasicFileAttributes a = Files.readAttributes(path(digest), BasicFileAttributes.class);
      return Optional.of(new BlobInfo(digest, a.size(), a.lastModifiedTime().toInstant()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new SystemException("reading blob " + digest + ": " + e.getMessage(), e);
    }
  }

  @Override
  public InputStream open(Digest digest) {
    try {
      return Files.newInputStream(path(digest));
    } catch (NoSuchFileException e) {
      throw missing(digest);
    } catch (IOException e) {
      throw new SystemException("opening blob " + digest + ": " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] read(Digest digest) {
    try {
      return Files.readAllBytes(path(digest));
    } catch (NoSuchFileException e) {
      throw missing(digest);
    } catch (IOException e) {
      throw new SystemException("reading blob " + digest + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Path path(Digest digest) {
    return blobs.resolve(digest.encoded());
  }

  @Override
  public BlobInfo write(byte[] content) {
    return write(new java.io.ByteArrayInputStream(content), Digest.sha256(content), content.length);
  }

  @Override
  public BlobInfo write(InputStream content, Digest expected, long expectedSize) {
    Path tmp = ingest.resolve(UUID.randomUUID().toString());
    try {
      Written written = copyAndSync(content, tmp);
      check(written, expected, expectedSize);
      Path target = path(written.digest());
      if (!Files.exists(target)) {
        moveIntoPlace(tmp, target);
        syncDirectory(blobs);
      }
      return info(written.digest()).orElseThrow(() -> missing(written.digest()));
    } catch (IOException e) {
      throw new SystemException("writing blob " + (expected == null ? "" : expected + " ") + "to the content store: " + e.getMessage(), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private record Written(Digest digest, long size) {}

  /**
   * Streams {@code content} into {@code tmp}, hashing each buffer as it is written, in buffers of
   * {@link #BUFFER} bytes filled across the source's small reads (a 16 KiB copy loop made 64 times the write
   * calls). Returns once the data and the size are on disk ({@code fdatasync}: the timestamps are not needed to
   * read the blob back).
   */
  private static Written copyAndSync(InputStream content, Path tmp) throws IOException {
    MessageDigest sha = Digest.newSha256();
    byte[] buffer = new byte[BUFFER];
    long size = 0;
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int n; (n = content.readNBytes(buffer, 0, buffer.length)) > 0; ) {
        sha.update(buffer, 0, n);
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
        while (chunk.hasRemaining()) ch.write(chunk);
        size += n;
      }
      ch.force(false);
      return new Written(Digest.fromSha256(sha.digest()), size);
    }
  }

  private static void check(Written written, Digest expected, long expectedSize) {
    if (expected != null && !expected.equals(written.digest())) {
      throw new InvalidArgumentException(
          "writing blob " + expected + ": content has digest " + written.digest() + ", expected " + expected);
    }
    if (expectedSize >= 0 && expectedSize != written.size()) {
      throw new InvalidArgumentException("writing blob " + written.digest() + ": content has " + written.size()
          + " bytes, expected " + expectedSize);
    }
  }

  static void moveIntoPlace(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("ingest and blobs are on different file systems: " + e.getMessage(), e);
    }
  }

  /** fsyncs a directory so that a rename in it survives a crash of the host. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // an ingest leftover is removed at the next open
    }
  }

  /** Deletes the blob; deleting a missing blob is not an error, so that garbage collection may repeat. */
  @Override
  public void delete(Digest digest) {
    try {
      Files.deleteIfExists(path(digest));
    } catch (IOException e) {
      throw new SystemException("deleting blob " + digest + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void walk(Consumer<BlobInfo> visitor) {
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(blobs)) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (!HEX64.matcher(name).matches()) continue;
        info(new Digest("sha256", name)).ifPresent(visitor);
      }
    } catch (IOException e) {
      throw new SystemException("listing the content store: " + e.getMessage(), e);
    }
  }

  private static NotFoundException missing(Digest digest) {
    return new NotFoundException("No such blob: " + digest);
  }
}
