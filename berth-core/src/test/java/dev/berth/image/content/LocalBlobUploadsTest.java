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
}
