package dev.berth.image.content;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import dev.berth.image.content.ContentStore.BlobInfo;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link BlobUploads} on the local file system: {@code <content>/uploads/sha256-<hex>} holds the bytes
 * received so far. Every append is fsynced before it returns, so the offset a sender is told survives a
 * crash of the host. At the last byte the file is hashed whole, compared with its digest, and renamed
 * into {@code blobs/} as {@link LocalContentStore#write} does. One lock per digest serialises two senders
 * of the same blob; the second then finds it committed.
 */
final class LocalBlobUploads implements BlobUploads {
  private static final int BUFFER = 64 * 1024;

  private final LocalContentStore store;
  private final Path dir;
  private final ConcurrentHashMap<Digest, ReentrantLock> locks = new ConcurrentHashMap<>();

  LocalBlobUploads(LocalContentStore store, Path dir) {
    this.store = store;
    this.dir = dir;
  }

  @Override
  public long offset(Digest digest) {
    try {
      Path file = file(digest);
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new SystemException("reading the upload of blob " + digest + ": " + e.getMessage(), e);
    }
  }

  @Override
  public BlobInfo append(Digest digest, long offset, long size, InputStream body) {
    if (size < 0 || offset < 0 || offset > size) {
      throw new InvalidArgumentException("uploading blob " + digest + ": offset " + offset + " and size " + size + " do not fit");
    }
    ReentrantLock lock = locks.computeIfAbsent(digest, d -> new ReentrantLock());
    lock.lock();
    try {
      var committed = store.info(digest);
      if (committed.isPresent()) return committed.get();
      long held = offset(digest);
      if (held != offset) {
        throw new ConflictException("uploading blob " + digest + ": the upload holds " + held + " bytes, not " + offset);
      }
      long length = write(digest, offset, size, body);
      return length == size ? commit(digest, size) : null;
    } catch (IOException e) {
      throw new SystemException("uploading blob " + digest + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** Appends at most {@code size - offset} bytes and fsyncs; returns the upload's new length. */
  private long write(Digest digest, long offset, long size, InputStream body) throws IOException {
    Files.createDirectories(dir);
    try (FileChannel ch = FileChannel.open(file(digest), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ch.position(offset);
      byte[] buf = new byte[BUFFER];
      long length = offset;
      try {
        for (int n; (n = body.read(buf)) >= 0; ) {
          if (length + n > size) {
            discard(digest);
            throw new InvalidArgumentException("uploading blob " + digest + ": more than the " + size + " bytes announced");
          }
          ByteBuffer chunk = ByteBuffer.wrap(buf, 0, n);
          while (chunk.hasRemaining()) ch.write(chunk);
          length += n;
        }
      } finally {
        // what arrived before a dropped connection is kept, durably: the sender resumes after it
        if (ch.isOpen()) ch.force(true);
      }
      return length;
    }
  }

  private BlobInfo commit(Digest digest, long size) throws IOException {
    Path file = file(digest);
    Digest actual = hash(file);
    if (!actual.equals(digest)) {
      discard(digest);
      throw new InvalidArgumentException("uploading blob " + digest + ": content has digest " + actual + ", expected " + digest);
    }
    LocalContentStore.moveIntoPlace(file, store.path(digest));
    LocalContentStore.syncDirectory(store.path(digest).getParent());
    return store.info(digest).orElseThrow(() -> new SystemException("uploading blob " + digest + ": committed but not found", null));
  }

  private static Digest hash(Path file) throws IOException {
    MessageDigest sha = Digest.newSha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[BUFFER];
      for (int n; (n = in.read(buf)) >= 0; ) sha.update(buf, 0, n);
    }
    return Digest.fromSha256(sha.digest());
  }

  @Override
  public void discard(Digest digest) {
    try {
      Files.deleteIfExists(file(digest));
    } catch (IOException e) {
      throw new SystemException("discarding the upload of blob " + digest + ": " + e.getMessage(), e);
    }
  }

  private Path file(Digest digest) {
    return dir.resolve("sha256-" + digest.encoded());
  }
}
