package dev.berth.runtime.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PUT of the archive endpoint: extraction into a temp rootfs, with the escapes a hostile tar may try. */
class RootfsArchiveExtractTest {
  @TempDir Path dir;
  private Path rootfs;
  private Path outside;

  @BeforeEach
  void tree() throws IOException {
    rootfs = Files.createDirectories(dir.resolve("rootfs"));
    outside = Files.createDirectories(dir.resolve("outside"));
    Files.createDirectories(rootfs.resolve("dst"));
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n");
    Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\napp:x:1001:\n");
  }

  private void extract(String dest, byte[] tar) {
    RootfsArchive.extract(rootfs, dest, new ByteArrayInputStream(tar), false, null);
  }

  private List<String> treeOf(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  private static int attr(Path p, String name) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void extract_filesDirsLinks_keepOwnersModesAndTimes() throws IOException {
    byte[] tar = new TestTars()
        .dir("app", 0750)
        .file("app/run.sh", "#!/bin/sh\n", 04755, 1234, 2345)
        .symlink("app/current", "run.sh")
        .hardlink("app/again.sh", "app/run.sh")
        .fifo("app/pipe")
        .bytes();
    extract("/dst", tar);

    Path app = rootfs.resolve("dst/app");
    Path run = app.resolve("run.sh");
    assertThat(run).hasContent("#!/bin/sh");
    assertThat(attr(run, "mode") & 07777).isEqualTo(04755);
    assertThat(attr(run, "uid")).isEqualTo(1234);
    assertThat(attr(run, "gid")).isEqualTo(2345);
    assertThat(Files.getLastModifiedTime(run)).isEqualTo(FileTime.fromMillis(1_600_000_000_000L));
    assertThat(attr(app, "mode") & 07777).isEqualTo(0750);
    assertThat(Files.getLastModifiedTime(app)).isEqualTo(FileTime.fromMillis(1_500_000_000_000L));
    assertThat(Files.readSymbolicLink(app.resolve("current"))).isEqualTo(Path.of("run.sh"));
    assertThat(Files.isSameFile(run, app.resolve("again.sh"))).isTrue();
    assertThat(attr(app.resolve("pipe"), "mode") & 0170000).isEqualTo(0010000);
  }

  @Test
  void extract_withOwner_givesEveryNodeThatOwner() throws IOException {
    Owner app = RootfsArchive.ownerOf(rootfs, "app");
    assertThat(app).isEqualTo(new Owner(1000, 1001));
    assertThat(RootfsArchive.ownerOf(rootfs, "")).isNull();
    byte[] tar = new TestTars().dir("d", 0755).file("d/f", "x", 0600, 7, 7).symlink("d/l", "f").bytes();
    RootfsArchive.extract(rootfs, "/dst", new ByteArrayInputStream(tar), false, app);
    for (String p : List.of("dst/d", "dst/d/f", "dst/d/l")) {
      assertThat(attr(rootfs.resolve(p), "uid")).as(p).isEqualTo(1000);
      assertThat(attr(rootfs.resolve(p), "gid")).as(p).isEqualTo(1001);
    }
  }

  @Test
  void extract_copyUidGid_usesTheContainersUserOnlyWhenAsked() throws IOException {
    byte[] tar = new TestTars().file("kept", "k", 0644, 7, 8).bytes();
    RootfsArchive.extract(rootfs, "/dst", new ByteArrayInputStream(tar), false, false, "app");
    assertThat(attr(rootfs.resolve("dst/kept"), "uid")).isEqualTo(7);
    RootfsArchive.extract(rootfs, "/dst", new ByteArrayInputStream(tar), false, true, "app");
    assertThat(attr(rootfs.resolve("dst/kept"), "uid")).isEqualTo(1000);
    assertThat(attr(rootfs.resolve("dst/kept"), "gid")).isEqualTo(1001);
    RootfsArchive.extract(rootfs, "/dst", new ByteArrayInputStream(tar), false, true, "");
    assertThat(attr(rootfs.resolve("dst/kept"), "uid")).isEqualTo(7);
  }

  @Test
  void extract_dotDotEntry_isRefusedAndNothingIsWritten() throws IOException {
    byte[] tar = new TestTars().file("fine.txt", "ok").file("../../../outside/pwned", "x").bytes();
    assertThatThrownBy(() -> extract("/dst", tar)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("../../../outside/pwned").hasMessageContaining("outside the extraction directory");
    assertThat(treeOf(rootfs.resolve("dst"))).containsExactly("");
    assertThat(treeOf(outside)).containsExactly("");
  }

  @Test
  void extract_dotDotAboveDestButInsideRootfs_isRefusedToo() {
    byte[] tar = new TestTars().file("../etc/passwd", "evil").bytes();
    assertThatThrownBy(() -> extract("/dst", tar)).isInstanceOf(InvalidArgumentException.class);
    assertThat(rootfs.resolve("etc/passwd")).content().startsWith("root:");
  }

  @Test
  void extract_absoluteNames_landUnderTheDestination() {
    extract("/dst", new TestTars().file("/etc/passwd", "mine").bytes());
    assertThat(rootfs.resolve("dst/etc/passwd")).hasContent("mine");
    assertThat(rootfs.resolve("etc/passwd")).content().startsWith("root:");
  }

  @Test
  void extract_destinationThroughEscapingSymlink_staysInTheRootfs() throws IOException {
    Files.createSymbolicLink(rootfs.resolve("etc/up"), Path.of("../../.."));
    extract("/etc/up", new TestTars().file("pwned", "x").bytes());
    assertThat(rootfs.resolve("pwned")).hasContent("x");
    assertThat(dir.resolve("pwned")).doesNotExist();
    assertThat(treeOf(outside)).containsExactly("");
  }

  @Test
  void extract_existingSymlinkInTheWay_isFollowedInsideTheRootfsOnly() throws IOException {
    Files.createSymbolicLink(rootfs.resolve("dst/esc"), Path.of("/"));
    Files.createSymbolicLink(rootfs.resolve("dst/rel"), outside.toAbsolutePath()); // absolute host path: inside it means rootfs/<that path>
    extract("/dst", new TestTars().file("esc/a", "1").file("rel/b", "2").bytes());
    assertThat(rootfs.resolve("a")).hasContent("1");
    assertThat(rootfs.resolve(outside.toString().substring(1)).resolve("b")).hasContent("2");
    assertThat(treeOf(outside)).containsExactly("");
  }

  @Test
  void extract_symlinkEntryThenEntryThroughIt_neverWritesOutside() {
    byte[] tar = new TestTars().symlink("hop", "/").file("hop/through", "t").bytes();
    extract("/dst", tar);
    assertThat(rootfs.resolve("through")).hasContent("t");

    byte[] escaping = new TestTars().symlink("bad", "../../../..").file("bad/x", "x").bytes();
    assertThatThrownBy(() -> extract("/dst", escaping)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("bad -> ../../../..");
    assertThat(rootfs.resolve("dst/bad")).doesNotExist();
  }

  @Test
  void extract_hardlinkToOutside_isRefused() throws IOException {
    byte[] tar = new TestTars().hardlink("h", "../../../outside/x").bytes();
    Files.writeString(outside.resolve("x"), "host");
    assertThatThrownBy(() -> extract("/dst", tar)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("outside the extraction directory");

    byte[] missing = new TestTars().hardlink("h", "/etc/passwd").bytes(); // relative to /dst: dst/etc/passwd
    assertThatThrownBy(() -> extract("/dst", missing)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("does not exist");
    assertThat(attr(outside.resolve("x"), "nlink")).isEqualTo(1);
  }

  @Test
  void extract_noOverwriteDirNonDir_refusesClashesBeforeWriting() throws IOException {
    Files.createDirectories(rootfs.resolve("dst/x"));
    Files.writeString(rootfs.resolve("dst/f"), "file");
    byte[] fileOverDir = new TestTars().file("new", "n").file("x", "not a dir").bytes();
    assertThatThrownBy(() -> RootfsArchive.extract(rootfs, "/dst", new ByteArrayInputStream(fileOverDir), true, null))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("cannot overwrite directory \"/dst/x\" with non-directory \"x\"");
    assertThat(rootfs.resolve("dst/new")).doesNotExist();
    byte[] dirOverFile = new TestTars().dir("f", 0755).bytes();
    assertThatThrownBy(() -> RootfsArchive.extract(rootfs, "/dst", new ByteArrayInputStream(dirOverFile), true, null))
        .hasMessageContaining("cannot overwrite non-directory \"/dst/f\" with directory");

    extract("/dst", fileOverDir); // without the flag the file replaces the directory
    assertThat(rootfs.resolve("dst/x")).isRegularFile().hasContent("not a dir");
  }

  @Test
  void extract_destinationMissingOrNotADirectory_isRefused() {
    byte[] tar = new TestTars().file("a", "a").bytes();
    assertThatThrownBy(() -> extract("/nope", tar)).isInstanceOf(NotFoundException.class)
        .hasMessage("Could not find the file /nope in container");
    assertThatThrownBy(() -> extract("/etc/passwd", tar)).isInstanceOf(InvalidArgumentException.class)
        .hasMessage("extraction point is not a directory");
  }

  @Test
  void extract_truncatedOrGarbage_isInvalidAndWritesNothing() throws IOException {
    byte[] whole = new TestTars().file("first", "1").file("big", "x".repeat(5000)).bytes();
    byte[] truncated = Arrays.copyOf(whole, 2048);
    assertThatThrownBy(() -> extract("/dst", truncated)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("big");
    assertThatThrownBy(() -> extract("/dst", "this is not a tar archive at all, not even close".repeat(20).getBytes()))
        .isInstanceOf(InvalidArgumentException.class);
    assertThat(treeOf(rootfs.resolve("dst"))).containsExactly("");
  }

  @Test
  void extract_gzipBody_isDecompressed() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(new TestTars().file("z.txt", "zipped").bytes());
    }
    extract("/dst", gz.toByteArray());
    assertThat(rootfs.resolve("dst/z.txt")).hasContent("zipped");
  }

  @Test
  void extract_whiteoutNames_areOrdinaryFiles() {
    Path keep = rootfs.resolve("dst/keep");
    extract("/dst", new TestTars().file("keep", "k").bytes());
    extract("/dst", new TestTars().file(".wh.keep", "").bytes());
    assertThat(keep).hasContent("k");
    assertThat(rootfs.resolve("dst/.wh.keep")).exists();
  }

  @Test
  void extract_xattrRecords_areSetExceptOverlaysOwn() throws IOException {
    byte[] tar = new TestTars().fileWithPax("x.txt", "x", java.util.Map.of(
        "SCHILY.xattr.user.berth", "copied", "SCHILY.xattr.trusted.overlay.opaque", "y")).bytes();
    extract("/dst", tar);
    Path x = rootfs.resolve("dst/x.txt");
    assertThat(dev.berth.sys.Libc.lgetxattr(x, "user.berth")).asString().isEqualTo("copied");
    assertThat(dev.berth.sys.Libc.lgetxattr(x, "trusted.overlay.opaque")).isNull();
  }

  @Test
  void writeThenExtract_roundTripsATree() throws IOException {
    extract("/dst", new TestTars().dir("t", 0755).file("t/a", "A", 0640, 5, 6).symlink("t/l", "a").bytes());
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    RootfsArchive.write(rootfs, "/dst/t", tar);
    Files.createDirectories(rootfs.resolve("copy"));
    extract("/copy", tar.toByteArray());
    assertThat(rootfs.resolve("copy/t/a")).hasContent("A");
    assertThat(attr(rootfs.resolve("copy/t/a"), "uid")).isEqualTo(5);
    assertThat(attr(rootfs.resolve("copy/t/a"), "mode") & 07777).isEqualTo(0640);
    assertThat(Files.readSymbolicLink(rootfs.resolve("copy/t/l"))).isEqualTo(Path.of("a"));
  }
}
