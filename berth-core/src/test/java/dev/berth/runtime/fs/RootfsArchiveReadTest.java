package dev.berth.runtime.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.sys.Libc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HEAD and GET of the archive endpoints over a temp rootfs, symlink escapes included. */
class RootfsArchiveReadTest {
  @TempDir Path dir;
  private Path rootfs;

  @BeforeEach
  void tree() throws IOException {
    rootfs = Files.createDirectories(dir.resolve("rootfs"));
    Files.writeString(dir.resolve("secret"), "host secret");
    Path etc = Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(etc.resolve("hostname"), "box\n");
    Files.setLastModifiedTime(etc.resolve("hostname"), FileTime.from(Instant.parse("2020-01-02T03:04:05Z")));
    Files.writeString(etc.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
    Files.createLink(etc.resolve("passwd.hard"), etc.resolve("passwd"));
    Files.createDirectories(etc.resolve("sub"));
    Files.writeString(etc.resolve("sub/a.txt"), "a");
    Files.createSymbolicLink(rootfs.resolve("link"), Path.of("etc/hostname"));
    Files.createSymbolicLink(rootfs.resolve("linkdir"), Path.of("/etc/sub"));
    Files.createSymbolicLink(rootfs.resolve("up"), Path.of("../../.."));
    Files.createSymbolicLink(etc.resolve("abs"), Path.of("/"));
  }

  private static byte[] archive(Path rootfs, String path) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RootfsArchive.write(rootfs, path, out);
    return out.toByteArray();
  }

  @Test
  void stat_regularFile_givesNameSizeGoModeAndMtime() {
    PathInfo info = RootfsArchive.stat(rootfs, "/etc/hostname");
    assertThat(info.name()).isEqualTo("hostname");
    assertThat(info.size()).isEqualTo(4);
    assertThat(info.mode()).isEqualTo(0644);
    assertThat(info.mtime()).isEqualTo(Instant.parse("2020-01-02T03:04:05Z"));
    assertThat(info.linkTarget()).isEmpty();
  }

  @Test
  void stat_directory_hasGoDirBit() throws IOException {
    Files.setPosixFilePermissions(rootfs.resolve("etc"), PosixFilePermissions.fromString("rwxr-xr-x"));
    PathInfo info = RootfsArchive.stat(rootfs, "etc/");
    assertThat(info.name()).isEqualTo("etc");
    assertThat(info.mode()).isEqualTo((1L << 31) | 0755);
    assertThat(info.isDir()).isTrue();
    assertThat(RootfsArchive.stat(rootfs, "/etc/.").name()).isEqualTo(".");
  }

  @Test
  void stat_symlink_isDescribedNotFollowedAndItsTargetResolvedInTheRootfs() {
    PathInfo link = RootfsArchive.stat(rootfs, "/link");
    assertThat(link.mode() & GoFileMode.SYMLINK).isNotZero();
    assertThat(link.mode() & 0777).isEqualTo(0777);
    assertThat(link.linkTarget()).isEqualTo("/etc/hostname");

    assertThat(RootfsArchive.stat(rootfs, "/up").linkTarget()).isEqualTo("/");
    assertThat(RootfsArchive.stat(rootfs, "/linkdir/").isDir()).isTrue();
  }

  @Test
  void stat_pathThroughEscapingSymlinks_staysInsideTheRootfs() {
    // /up -> ../../.. and /etc/abs -> / both lead to the rootfs' own root, where there is no "secret"
    assertThatThrownBy(() -> RootfsArchive.stat(rootfs, "/up/secret")).isInstanceOf(NotFoundException.class)
        .hasMessage("Could not find the file /up/secret in container");
    assertThatThrownBy(() -> RootfsArchive.stat(rootfs, "/etc/abs/../secret")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> RootfsArchive.stat(rootfs, "/../../secret")).isInstanceOf(NotFoundException.class);
    assertThat(RootfsArchive.stat(rootfs, "/up/etc/hostname").size()).isEqualTo(4);
  }

  @Test
  void stat_fileWithTrailingSlash_isNotADirectory() {
    assertThatThrownBy(() -> RootfsArchive.stat(rootfs, "/etc/hostname/")).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("not a directory");
  }

  @Test
  void goFileMode_specialFiles_useGosBits() throws IOException {
    Path fifo = rootfs.resolve("fifo");
    Libc.mknod(fifo, Libc.S_IFIFO | 0600, 0, 0);
    Path dev = rootfs.resolve("null");
    Libc.mknod(dev, Libc.S_IFCHR | 0666, 1, 3);
    Files.setAttribute(dev, "unix:mode", 0666); // mknod's mode went through the umask
    Path suid = Files.writeString(rootfs.resolve("suid"), "");
    Files.setAttribute(suid, "unix:mode", 04755);
    Files.setAttribute(rootfs.resolve("etc/sub"), "unix:mode", 01777);

    assertThat(RootfsArchive.stat(rootfs, "/fifo").mode()).isEqualTo((1L << 25) | 0600);
    assertThat(RootfsArchive.stat(rootfs, "/null").mode()).isEqualTo((1L << 26) | (1L << 21) | 0666);
    assertThat(RootfsArchive.stat(rootfs, "/suid").mode()).isEqualTo((1L << 23) | 0755);
    assertThat(RootfsArchive.stat(rootfs, "/etc/sub").mode()).isEqualTo((1L << 31) | (1L << 20) | 0777);
  }

  @Test
  void write_file_isOneEntryNamedByItsBaseName() {
    List<TestTars.Entry> entries = TestTars.read(archive(rootfs, "/etc/hostname"));
    assertThat(entries).singleElement().satisfies(e -> {
      assertThat(e.name()).isEqualTo("hostname");
      assertThat(e.content()).isEqualTo("box\n");
      assertThat(e.mode()).isEqualTo(0644);
    });
  }

  @Test
  void write_directory_entriesUnderItsNameInOrderWithHardlinks() {
    List<TestTars.Entry> entries = TestTars.read(archive(rootfs, "/etc"));
    assertThat(entries).extracting(TestTars.Entry::name).containsExactly(
        "etc/", "etc/abs", "etc/hostname", "etc/passwd", "etc/passwd.hard", "etc/sub/", "etc/sub/a.txt");
    assertThat(entries.get(1).type()).isEqualTo(TarConstants.LF_SYMLINK);
    assertThat(entries.get(1).link()).isEqualTo("/");
    assertThat(entries.get(4).type()).isEqualTo(TarConstants.LF_LINK);
    assertThat(entries.get(4).link()).isEqualTo("etc/passwd");
  }

  @Test
  void write_dotForm_givesTheDirectorysContents() {
    assertThat(TestTars.read(archive(rootfs, "/etc/sub/."))).extracting(TestTars.Entry::name)
        .containsExactly("./", "./a.txt");
  }

  @Test
  void write_symlink_isTheLinkItselfUnlessThePathEndsWithSlash() {
    List<TestTars.Entry> link = TestTars.read(archive(rootfs, "/linkdir"));
    assertThat(link).singleElement().satisfies(e -> {
      assertThat(e.name()).isEqualTo("linkdir");
      assertThat(e.type()).isEqualTo(TarConstants.LF_SYMLINK);
      assertThat(e.link()).isEqualTo("/etc/sub");
    });
    assertThat(TestTars.read(archive(rootfs, "/linkdir/"))).extracting(TestTars.Entry::name)
        .containsExactly("linkdir/", "linkdir/a.txt");
  }

  @Test
  void write_throughEscapingSymlink_archivesTheRootfsNotTheHost() {
    List<TestTars.Entry> entries = TestTars.read(archive(rootfs, "/up/etc/hostname"));
    assertThat(entries).singleElement().extracting(TestTars.Entry::content).isEqualTo("box\n");
    assertThatThrownBy(() -> archive(rootfs, "/up/secret")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void write_missingPath_isNotFound() {
    assertThatThrownBy(() -> archive(rootfs, "/nope")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("/nope");
  }
}
