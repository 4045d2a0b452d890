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
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * {@link BlobUploads} on the local file system: {@code <content>/uploads/sha256-<hex>} holds the bytes
 * received so far. Every append is fsynced before it returns, so the offset a sender is told survives a
 * crash of the host. At the last byte the file is hashed whole, compared with its digest, and renamed
 * into {@code blobs/} as {@link LocalContentStore#write} does. One lock per digest serialises two senders
 * of the same blob; the second waits while the first's file grows, then finds the blob committed. Leases
 * live in {@code uploads/leases/} ({@link UploadLeases}).
 */
final class LocalBlobUploads implements BlobUploads {
  private static final int BUFFER = 64 * 1024;
  private static final Pattern NAME = Pattern.compile("sha256-([a-f0-9]{64})");

  private final LocalContentStore store;
  private final Path dir;
  private final UploadLeases leases;
  /** How long a second sender waits on an upload of the same blob that receives no bytes. */
  private final Duration stall;
  private final ConcurrentHashMap<Digest, ReentrantLock> locks = new ConcurrentHashMap<>();

  LocalBlobUploads(LocalContentStore store, Path dir) {
    this(store, dir, Duration.ofSeconds(60));
  }

  LocalBlobUploads(LocalContentStore store, Path dir, Duration stall) {
    this.store = store;
    this.dir = dir;
    this.leases = new UploadLeases(dir.resolve("leases"));
    this.stall = stall;
  }

  @Override
  public long offset(Digest digest) {
    try {
      Path file = file(digest);
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new SystemException("reading the upload of blob " + digest + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Outcome upload(Digest digest, long offset, long size, InputStream body) {
    if (size < 0 || offset < 0 || offset > size) {
      throw new InvalidArgumentException("uploading blob " + digest + ": offset " + offset + " and size " + size + " do not fit");
    }
    // the lease comes before the blob can appear in blobs/: a collector that saw the blob sees its lease
    leases.take(List.of(digest));
    ReentrantLock lock = locks.computeIfAbsent(digest, d -> new ReentrantLock());
    acquire(digest, lock);
    try {
      var committed = store.info(digest);
      if (committed.isPresent()) return new Outcome.Committed(committed.get(), true);
      long held = offset(digest);
      if (held != offset) return new Outcome.WrongOffset(held);
      long length = write(digest, offset, size, body);
      return length == size ? new Outcome.Committed(commit(digest, size), false) : new Outcome.Partial(length);
    } catch (IOException e) {
      throw new SystemException("uploading blob " + digest + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the blob's lock, waiting while another upload of it holds the lock and its file keeps growing. An
   * upload that receives nothing for {@link #stall} (a sender whose link hangs without closing) is given up on.
   */
  private void acquire(Digest digest, ReentrantLock lock) {
    long seen = offset(digest);
    long lastGrowth = System.nanoTime();
    try {
      while (!lock.tryLock(200, TimeUnit.MILLISECONDS)) {
        long now = offset(digest);
        if (now != seen) {
          seen = now;
          lastGrowth = System.nanoTime();
        } else if (System.nanoTime() - lastGrowth > stall.toNanos()) {
          throw new ConflictException("uploading blob " + digest + ": another upload of it has received no bytes for "
              + stall.toSeconds() + " s; try again later");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SystemException("uploading blob " + digest + ": interrupted while another upload of it was written", e);
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

  @Override
  public void lease(Collection<Digest> digests) {
    leases.take(digests);
  }

  @Override
  public void release(Collection<Digest> digests) {
    leases.release(digests);
  }

  @Override
  public Set<Digest> leased() {
    return leases.all();
  }

  @Override
  public Expired expire(Instant cutoff) {
    List<Digest> removed = new ArrayList<>();
    for (Digest digest : uploads()) {
      ReentrantLock lock = locks.computeIfAbsent(digest, d -> new ReentrantLock());
      if (!lock.tryLock()) continue; // being written: not abandoned
      try {
        Path file = file(digest);
        if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) removed.add(digest);
      } catch (NoSuchFileException e) {
        // committed or discarded meanwhile
      } catch (IOException e) {
        throw new SystemException("expiring the upload of blob " + digest + ": " + e.getMessage(), e);
      } finally {
        lock.unlock();
      }
    }
    return new Expired(removed, leases.expire(cutoff));
  }

  /** The digests that have an upload file. */
  private List<Digest> uploads() {
    List<Digest> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) return out;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path p : files) {
        var m = NAME.matcher(p.getFileName().toString());
        if (m.matches() && Files.isRegularFile(p)) out.add(new Digest("sha256", m.group(1)));
      }
    } catch (IOException e) {
      throw new SystemException("listing the uploads: " + e.getMessage(), e);
    }
    return out;
  }

  private Path file(Digest digest) {
    return dir.resolve("sha256-" + digest.encoded());
  }
}
