package dev.berth.image.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.oci.Digest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalContentStoreTest {
  @TempDir Path root;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void write_verifiedContent_isStoredUnderItsDigest() throws Exception {
    LocalContentStore store = LocalContentStore.open(root);
    byte[] data = bytes("hello");

    ContentStore.BlobInfo info = store.write(new ByteArrayInputStream(data), Digest.sha256(data), data.length);

    Path blob = root.resolve("blobs/sha256/" + Digest.sha256(data).encoded());
    assertThat(info.digest()).isEqualTo(Digest.sha256(data));
    assertThat(info.size()).isEqualTo(5);
    assertThat(Files.readAllBytes(blob)).isEqualTo(data);
    assertThat(store.read(info.digest())).isEqualTo(data);
    assertThat(store.path(info.digest())).isEqualTo(blob);
    assertThat(root.resolve("ingest")).isEmptyDirectory();
  }

  @Test
  void write_wrongDigest_isRefusedNamingBothDigestsAndLeavesNothing() {
    LocalContentStore store = LocalContentStore.open(root);
    Digest claimed = Digest.sha256(bytes("something else"));
    Digest actual = Digest.sha256(bytes("hello"));

    assertThatThrownBy(() -> store.write(new ByteArrayInputStream(bytes("hello")), claimed, -1))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining(claimed.toString())
        .hasMessageContaining(actual.toString());
    assertThat(store.exists(actual)).isFalse();
    assertThat(store.exists(claimed)).isFalse();
    assertThat(root.resolve("blobs/sha256")).isEmptyDirectory();
    assertThat(root.resolve("ingest")).isEmptyDirectory();
  }

  @Test
  void write_blobOfManyBuffersInSmallReads_isStoredWhole() throws Exception {
    LocalContentStore store = LocalContentStore.open(root);
    byte[] data = new byte[(5 << 20) / 2 + 12345];
    new java.util.Random(7).nextBytes(data);
    // a network stream hands out a few KiB at a time; the store fills its buffer across many reads
    java.io.InputStream trickle = new java.io.FilterInputStream(new ByteArrayInputStream(data)) {
      @Override
      public int read(byte[] b, int off, int len) throws java.io.IOException {
        return super.read(b, off, Math.min(len, 3000));
      }
    };

    ContentStore.BlobInfo info = store.write(trickle, Digest.sha256(data), data.length);

    assertThat(info.size()).isEqualTo(data.length);
    assertThat(store.read(Digest.sha256(data))).isEqualTo(data);
    assertThat(root.resolve("ingest")).isEmptyDirectory();
  }

  @Test
  void write_largeBlobWithWrongDigest_isRefusedAndLeavesNothing() {
    LocalContentStore store = LocalContentStore.open(root);
    byte[] data = new byte[3 << 20];
    Digest claimed = Digest.sha256(bytes("not it"));

    assertThatThrownBy(() -> store.write(new ByteArrayInputStream(data), claimed, data.length)).isInstanceOf(InvalidArgumentException.class);
    assertThat(root.resolve("blobs/sha256")).isEmptyDirectory();
    assertThat(root.resolve("ingest")).isEmptyDirectory();
  }

  @Test
  void write_wrongSize_isRefused() {
    LocalContentStore store = LocalContentStore.open(root);

    assertThatThrownBy(() -> store.write(new ByteArrayInputStream(bytes("hello")), null, 4))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("5 bytes, expected 4");
    assertThat(root.resolve("blobs/sha256")).isEmptyDirectory();
  }

  @Test
  void write_concurrentWritersOfOneBlob_allSucceedWithOneIntactBlob() throws Exception {
    LocalContentStore store = LocalContentStore.open(root);
    byte[] data = new byte[512 * 1024];
    new java.util.Random(1).nextBytes(data);
    Digest digest = Digest.sha256(data);
    CountDownLatch start = new CountDownLatch(1);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          start.await();
          store.write(new ByteArrayInputStream(data), digest, data.length);
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
    }
    start.countDown();
    for (Thread t : threads) t.join();

    assertThat(failures).isEmpty();
    assertThat(Digest.sha256(store.read(digest))).isEqualTo(digest);
    assertThat(root.resolve("ingest")).isEmptyDirectory();
  }

  @Test
  void open_ingestLeftovers_areDeletedAndNeverBlobs() throws Exception {
    LocalContentStore.open(root);
    Files.writeString(root.resolve("ingest/crashed-write"), "partial");

    LocalContentStore store = LocalContentStore.open(root);

    assertThat(root.resolve("ingest")).isEmptyDirectory();
    List<Digest> seen = new ArrayList<>();
    store.walk(b -> seen.add(b.digest()));
    assertThat(seen).isEmpty();
  }

  @Test
  void walk_andDelete_seeCommittedBlobsOnly() {
    LocalContentStore store = LocalContentStore.open(root);
    Digest a = store.write(bytes("a")).digest();
    Digest b = store.write(bytes("b")).digest();

    store.delete(a);
    store.delete(a);

    List<Digest> seen = new ArrayList<>();
    store.walk(i -> seen.add(i.digest()));
    assertThat(seen).containsExactly(b);
    assertThat(store.info(a)).isEmpty();
    assertThatThrownBy(() -> store.open(a)).isInstanceOf(NotFoundException.class).hasMessage("No such blob: " + a);
  }
}
