package dev.berth.image.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobUploadsTest {
  private static final byte[] BLOB = "a layer's bytes, in three parts".getBytes(StandardCharsets.UTF_8);
  private static final Digest DIGEST = Digest.sha256(BLOB);

  @TempDir Path dir;
  private LocalContentStore store;
  private BlobUploads uploads;

  @BeforeEach
  void open() {
    store = LocalContentStore.open(dir);
    uploads = store.uploads();
  }

  private static InputStream part(int from, int to) {
    return new ByteArrayInputStream(Arrays.copyOfRange(BLOB, from, to));
  }

  @Test
  void append_inParts_commitsAtTheLastByteOnly() {
    assertThat(uploads.append(DIGEST, 0, BLOB.length, part(0, 10))).isNull();
    assertThat(store.exists(DIGEST)).isFalse();
    assertThat(uploads.offset(DIGEST)).isEqualTo(10);
    ContentStore.BlobInfo info = uploads.append(DIGEST, 10, BLOB.length, part(10, BLOB.length));
    assertThat(info.digest()).isEqualTo(DIGEST);
    assertThat(store.read(DIGEST)).isEqualTo(BLOB);
    assertThat(uploads.offset(DIGEST)).isZero();
  }

  @Test
  void append_connectionDropped_keepsWhatArrivedAcrossAReopen() {
    InputStream cut = new InputStream() {
      private final InputStream first = part(0, 12);

      @Override
      public int read() throws IOException {
        int b = first.read();
        if (b < 0) throw new IOException("connection reset");
        return b;
      }
    };
    assertThatThrownBy(() -> uploads.append(DIGEST, 0, BLOB.length, cut)).hasMessageContaining("connection reset");
    BlobUploads reopened = LocalContentStore.open(dir).uploads();
    assertThat(reopened.offset(DIGEST)).isEqualTo(12);
    assertThat(reopened.append(DIGEST, 12, BLOB.length, part(12, BLOB.length))).isNotNull();
    assertThat(store.read(DIGEST)).isEqualTo(BLOB);
  }

  @Test
  void append_wrongOffset_isAConflictAndWritesNothing() {
    uploads.append(DIGEST, 0, BLOB.length, part(0, 5));
    assertThatThrownBy(() -> uploads.append(DIGEST, 9, BLOB.length, part(9, BLOB.length)))
        .isInstanceOf(ConflictException.class).hasMessageContaining("holds 5 bytes, not 9");
    assertThat(uploads.offset(DIGEST)).isEqualTo(5);
  }

  @Test
  void append_wrongContent_discardsTheUploadAndCommitsNothing() {
    byte[] other = BLOB.clone();
    other[3] ^= 1;
    assertThatThrownBy(() -> uploads.append(DIGEST, 0, BLOB.length, new ByteArrayInputStream(other)))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("expected " + DIGEST);
    assertThat(store.exists(DIGEST)).isFalse();
    assertThat(uploads.offset(DIGEST)).isZero();
  }

  @Test
  void append_moreThanAnnounced_isRefused() {
    assertThatThrownBy(() -> uploads.append(DIGEST, 0, 4, part(0, 10)))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("more than the 4 bytes announced");
    assertThat(uploads.offset(DIGEST)).isZero();
  }

  @Test
  void append_blobAlreadyCommitted_returnsItWithoutReading() {
    store.write(BLOB);
    InputStream unread = new InputStream() {
      @Override
      public int read() {
        throw new AssertionError("the body of a committed blob must not be read");
      }
    };
    assertThat(uploads.append(DIGEST, 0, BLOB.length, unread).size()).isEqualTo(BLOB.length);
  }

  /** A body that gives its first part, then blocks until {@code go} opens, then gives the rest. */
  private static InputStream held(java.util.concurrent.CountDownLatch started, java.util.concurrent.CountDownLatch go) {
    return new InputStream() {
      private int next;

      @Override
      public int read() throws IOException {
        if (next == 10) {
          started.countDown();
          try {
            go.await();
          } catch (InterruptedException e) {
            throw new java.io.InterruptedIOException();
          }
        }
        return next < BLOB.length ? BLOB[next++] & 0xff : -1;
      }
    };
  }

  @Test
  void upload_secondSenderWhileTheFirstWrites_waitsThenFindsTheBlobCommitted() throws Exception {
    var started = new java.util.concurrent.CountDownLatch(1);
    var go = new java.util.concurrent.CountDownLatch(1);
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      var first = threads.submit(() -> uploads.upload(DIGEST, 0, BLOB.length, held(started, go)));
      started.await();
      var second = threads.submit(() -> uploads.upload(DIGEST, 0, BLOB.length, part(0, BLOB.length)));
      Thread.sleep(500);
      assertThat(second.isDone()).as("the second upload waits for the first").isFalse();
      go.countDown();
      assertThat(first.get()).isInstanceOf(BlobUploads.Outcome.Committed.class)
          .satisfies(o -> assertThat(((BlobUploads.Outcome.Committed) o).before()).isFalse());
      assertThat(second.get()).isInstanceOf(BlobUploads.Outcome.Committed.class)
          .satisfies(o -> assertThat(((BlobUploads.Outcome.Committed) o).before()).isTrue());
    }
    assertThat(store.read(DIGEST)).isEqualTo(BLOB);
  }

  @Test
  void upload_otherUploadReceivesNothing_secondGivesUpWithAConflict() throws Exception {
    BlobUploads impatient = new LocalBlobUploads(store, dir.resolve("uploads"), java.time.Duration.ofMillis(600));
    var started = new java.util.concurrent.CountDownLatch(1);
    var go = new java.util.concurrent.CountDownLatch(1);
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      var first = threads.submit(() -> impatient.upload(DIGEST, 0, BLOB.length, held(started, go)));
      started.await();
      assertThatThrownBy(() -> impatient.upload(DIGEST, 0, BLOB.length, part(0, BLOB.length)))
          .isInstanceOf(ConflictException.class).hasMessageContaining("another upload of it has received no bytes");
      go.countDown();
      assertThat(first.get()).isInstanceOf(BlobUploads.Outcome.Committed.class);
    }
  }

  @Test
  void upload_wrongOffset_answersWhatIsHeld() {
    uploads.upload(DIGEST, 0, BLOB.length, part(0, 7));
    assertThat(uploads.upload(DIGEST, 3, BLOB.length, part(3, BLOB.length))).isEqualTo(new BlobUploads.Outcome.WrongOffset(7));
  }

  @Test
  void lease_takenThenReleased_listedOnlyInBetween() {
    Digest other = Digest.sha256("another".getBytes(StandardCharsets.UTF_8));
    uploads.lease(java.util.List.of(DIGEST, other));
    assertThat(uploads.leased()).containsExactlyInAnyOrder(DIGEST, other);
    assertThat(store.leased()).containsExactlyInAnyOrder(DIGEST, other);
    uploads.release(java.util.List.of(DIGEST));
    assertThat(uploads.leased()).containsExactly(other);
  }

  @Test
  void upload_leasesItsBlob() {
    uploads.upload(DIGEST, 0, BLOB.length, part(0, BLOB.length));
    assertThat(uploads.leased()).containsExactly(DIGEST);
  }

  @Test
  void expire_beforeTheCutoff_removesUploadsAndLeasesButNotNewerOnes() throws Exception {
    uploads.append(DIGEST, 0, BLOB.length, part(0, 10));
    java.time.Instant cutoff = java.time.Instant.now().plusSeconds(1);
    byte[] fresh = "a newer upload".getBytes(StandardCharsets.UTF_8);
    Digest freshDigest = Digest.sha256(fresh);
    java.nio.file.Files.setLastModifiedTime(dir.resolve("uploads/sha256-" + DIGEST.encoded()), java.nio.file.attribute.FileTime.from(cutoff.minusSeconds(60)));
    java.nio.file.Files.setLastModifiedTime(dir.resolve("uploads/leases/sha256-" + DIGEST.encoded()), java.nio.file.attribute.FileTime.from(cutoff.minusSeconds(60)));
    uploads.append(freshDigest, 0, fresh.length, new ByteArrayInputStream(fresh, 0, 4));
    java.nio.file.Files.setLastModifiedTime(dir.resolve("uploads/sha256-" + freshDigest.encoded()), java.nio.file.attribute.FileTime.from(cutoff.plusSeconds(60)));
    java.nio.file.Files.setLastModifiedTime(dir.resolve("uploads/leases/sha256-" + freshDigest.encoded()), java.nio.file.attribute.FileTime.from(cutoff.plusSeconds(60)));

    BlobUploads.Expired gone = uploads.expire(cutoff);

    assertThat(gone.uploads()).containsExactly(DIGEST);
    assertThat(gone.leases()).isEqualTo(1);
    assertThat(uploads.offset(DIGEST)).isZero();
    assertThat(uploads.offset(freshDigest)).isEqualTo(4);
    assertThat(uploads.leased()).containsExactly(freshDigest);
  }

  @Test
  void expire_uploadBeingWritten_isLeftAlone() throws Exception {
    var started = new java.util.concurrent.CountDownLatch(1);
    var go = new java.util.concurrent.CountDownLatch(1);
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      var writing = threads.submit(() -> uploads.upload(DIGEST, 0, BLOB.length, held(started, go)));
      started.await();
      assertThat(uploads.expire(java.time.Instant.now().plusSeconds(3600)).uploads()).isEmpty();
      go.countDown();
      assertThat(writing.get()).isInstanceOf(BlobUploads.Outcome.Committed.class);
    }
  }
}
