package dev.berth.image.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.sys.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeFilesTest {
  private final NativeFiles files = new NativeFiles();
  private final Arena arena = Arena.ofAuto();

  private MemorySegment nativeCopy(byte[] data) {
    MemorySegment seg = arena.allocate(data.length);
    MemorySegment.copy(data, 0, seg, ValueLayout.JAVA_BYTE, 0, data.length);
    return seg;
  }

  @Test
  void create_writeAndFutimens_giveContentModeAndMtime(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("f");
    byte[] data = "0123456789".getBytes(StandardCharsets.US_ASCII);
    int fd = files.create(f, 0640);
    try {
      files.write(fd, nativeCopy(data), 2, 5, f);
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

    MemorySegment one = nativeCopy(new byte[] {1});
    assertThatThrownBy(() -> files.write(fd, one, 0, 1, f)).isInstanceOf(Libc.ErrnoException.class)
        .hasMessageContaining("write " + f).hasMessageContaining("Bad file descriptor");
  }

  @Test
  void create_missingDirectory_failsNamingThePath(@TempDir Path dir) {
    Path f = dir.resolve("missing/f");

    assertThatThrownBy(() -> files.create(f, 0644)).isInstanceOf(Libc.ErrnoException.class)
        .hasMessageContaining("open " + f).hasMessageContaining("No such file or directory");
  }

  @Test
  void write_largerThanAChunk_writesEveryByte(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("big");
    byte[] data = new byte[(5 << 20) / 2 + 17];
    new java.util.Random(3).nextBytes(data);
    int fd = files.create(f, 0644);
    try {
      files.write(fd, nativeCopy(data), 7, data.length - 7, f);
    } finally {
      files.close(fd, f);
    }

    assertThat(Files.readAllBytes(f)).isEqualTo(java.util.Arrays.copyOfRange(data, 7, data.length));
  }

  @Test
  void lstatMode_symlinkMissingAndDirectory_giveTheNodeItselfOrMinusOne(@TempDir Path dir) throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("link"), dir);
    files.mkdir(dir.resolve("d"), 0710);

    assertThat(files.lstatMode(link) & RootResolver.S_IFMT).isEqualTo(RootResolver.S_IFLNK);
    assertThat(files.lstatMode(dir.resolve("missing"))).isEqualTo(-1);
    assertThat(files.lstatMode(dir.resolve("d"))).isEqualTo(RootResolver.S_IFDIR | (0710 & ~ProcessIdentity.UMASK));
  }

  @Test
  void mkdirAndSymlink_somethingInTheWay_failWithEexist(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");

    assertThatThrownBy(() -> files.mkdir(f, 0755)).isInstanceOfSatisfying(Libc.ErrnoException.class,
        e -> assertThat(e.errno()).isEqualTo(NativeFiles.EEXIST));
    assertThatThrownBy(() -> files.symlink(f, "elsewhere")).isInstanceOfSatisfying(Libc.ErrnoException.class,
        e -> assertThat(e.errno()).isEqualTo(NativeFiles.EEXIST));
    assertThat(Files.readString(f)).isEqualTo("x");
  }

  @Test
  void symlink_targetWithNulByte_isRefusedNotCutShort(@TempDir Path dir) {
    Path link = dir.resolve("link");

    assertThatThrownBy(() -> files.symlink(link, "/etc\0passwd"))
        .isInstanceOf(MalformedLayerException.class).hasMessageContaining("NUL");
    assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void link_toASymlink_linksTheSymlinkItself(@TempDir Path dir) throws IOException {
    Path target = Files.writeString(dir.resolve("target"), "x");
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);

    files.link(dir.resolve("hard"), link);

    assertThat(Files.isSymbolicLink(dir.resolve("hard"))).isTrue();
    assertThat(Files.getAttribute(dir.resolve("hard"), "unix:nlink", LinkOption.NOFOLLOW_LINKS)).isEqualTo(2);
  }

  @Test
  void unlink_missingIsFineAndAFileGoes(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");

    files.unlink(dir.resolve("missing"));
    files.unlink(f);

    assertThat(f).doesNotExist();
  }

  @Test
  void chmod_setsSpecialBitsAndLchownKeepsOwner(@TempDir Path dir) throws IOException {
    Path d = Files.createDirectory(dir.resolve("d"));

    files.chmod(d, 01777);
    files.lchown(d, ProcessIdentity.UID, ProcessIdentity.GID);

    assertThat((Integer) Files.getAttribute(d, "unix:mode") & 07777).isEqualTo(01777);
    assertThat(Files.getAttribute(d, "unix:uid")).isEqualTo(ProcessIdentity.UID);
  }
}
