package dev.berth.image.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.sys.Libc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeFilesTest {
  private final NativeFiles files = new NativeFiles();

  @Test
  void create_writeAndFutimens_giveContentModeAndMtime(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("f");
    byte[] data = "0123456789".getBytes(StandardCharsets.US_ASCII);
    int fd = files.create(f, 0640);
    try {
      files.write(fd, data, 2, 5, f);
      files.futimens(fd, 1_600_000_000L, 123_000_000L, f);
    } finally {
      files.close(fd, f);
    }

    assertThat(Files.readString(f)).isEqualTo("23456");
    assertThat(Files.getLastModifiedTime(f)).isEqualTo(FileTime.from(java.time.Instant.ofEpochSecond(1_600_000_000L, 123_000_000L)));
    assertThat((Integer) Files.getAttribute(f, "unix:mode") & 0777).isEqualTo(0640 & ~ProcessIdentity.UMASK);
  }

  @Test
  void create_danglingSymlinkInTheWay_failsWithEexistAndCreatesNothingThroughIt(@TempDir Path dir)
      throws IOException {
    Path victim = dir.resolve("victim");
    Path link = Files.createSymbolicLink(dir.resolve("link"), victim);

    assertThatThrownBy(() -> files.create(link, 0644)).isInstanceOfSatisfying(Libc.ErrnoException.class,
        e -> assertThat(e.errno()).isEqualTo(NativeFiles.EEXIST));
    assertThat(victim).doesNotExist();
    assertThat(Files.isSymbolicLink(link)).isTrue();
  }

  @Test
  void create_existingFile_failsWithEexistAndKeepsItsContent(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "old");

    assertThatThrownBy(() -> files.create(f, 0644)).isInstanceOfSatisfying(Libc.ErrnoException.class,
        e -> assertThat(e.errno()).isEqualTo(NativeFiles.EEXIST));
    assertThat(Files.readString(f)).isEqualTo("old");
  }

  @Test
  void lutimes_symlink_setsTheLinkNotItsTarget(@TempDir Path dir) throws IOException {
    Path target = Files.writeString(dir.resolve("target"), "x");
    FileTime before = Files.getLastModifiedTime(target);
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);

    files.lutimes(link, 1_500_000_000L, 0);

    assertThat(Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS).toInstant().getEpochSecond())
        .isEqualTo(1_500_000_000L);
    assertThat(Files.getLastModifiedTime(target)).isEqualTo(before);
  }

  @Test
  void write_closedDescriptor_failsNamingTheFile(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("f");
    int fd = files.create(f, 0644);
    files.close(fd, f);

    assertThatThrownBy(() -> files.write(fd, new byte[] {1}, 0, 1, f)).isInstanceOf(Libc.ErrnoException.class)
        .hasMessageContaining("write " + f).hasMessageContaining("Bad file descriptor");
  }

  @Test
  void create_missingDirectory_failsNamingThePath(@TempDir Path dir) {
    Path f = dir.resolve("missing/f");

    assertThatThrownBy(() -> files.create(f, 0644)).isInstanceOf(Libc.ErrnoException.class)
        .hasMessageContaining("open " + f).hasMessageContaining("No such file or directory");
  }

  @Test
  void write_moreThanTheStagingBuffer_writesEveryByte(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("big");
    byte[] data = new byte[(5 << 20) / 2 + 17];
    new java.util.Random(3).nextBytes(data);
    int fd = files.create(f, 0644);
    try {
      files.write(fd, data, 7, data.length - 7, f);
    } finally {
      files.close(fd, f);
    }

    assertThat(Files.readAllBytes(f)).isEqualTo(java.util.Arrays.copyOfRange(data, 7, data.length));
  }
}
