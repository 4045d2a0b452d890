package dev.berth.build.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.build.context.TarFixture.Entry;
import dev.berth.errors.InvalidArgumentException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyTarTest {
  @TempDir Path root;

  private SourceTree tree;
  private final FakeTarget target = new FakeTarget();

  /** The image's file system as a map of absolute paths; anything not listed is absent. */
  static final class FakeTarget implements TargetFs {
    final Map<String, Kind> kinds = new HashMap<>(Map.of("/", Kind.DIRECTORY));

    FakeTarget dir(String... paths) {
      for (String p : paths) kinds.put(p, Kind.DIRECTORY);
      return this;
    }

    @Override
    public Kind kind(String absPath) {
      return kinds.getOrDefault(absPath, Kind.ABSENT);
    }
  }

  @BeforeEach
  void context() throws IOException {
    write("a.txt", "A", "rw-r--r--");
    write("b.txt", "BB", "rwxr-x---");
    write("src/main.c", "int main;", "rw-r-----");
    write("src/lib/util.c", "util", "rw-rw-r--");
    Files.setPosixFilePermissions(root.resolve("src"), PosixFilePermissions.fromString("rwxr-x--x"));
    tree = new SourceTree(root, DockerIgnore.NONE);
  }

  private void write(String rel, String content, String perms) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
  }

  private byte[] copy(String dest, String... sources) {
    return copy(dest, -1, -1, null, false, sources);
  }

  private byte[] copy(String dest, int uid, int gid, Integer mode, boolean extract, String... sources) {
    List<CopySource> all = new ArrayList<>();
    for (String s : sources) all.addAll(tree.resolve(s));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CopyTar.write(new CopyRequest(all, dest, uid, gid, mode, extract), target, out);
    return out.toByteArray();
  }

  @Test
  void write_fileToNewPath_createsParentAndFileWithSourceMode() throws IOException {
    byte[] tar = copy("/app/x.txt", "a.txt");
    assertThat(TarFixture.names(tar)).containsExactly("app/", "app/x.txt");
    Entry dir = TarFixture.entry(tar, "app/");
    assertThat(dir.type()).isEqualTo('5');
    assertThat(dir.mode()).isEqualTo(0755);
    Entry f = TarFixture.entry(tar, "app/x.txt");
    assertThat(f.content()).isEqualTo("A");
    assertThat(f.mode()).isEqualTo(0644);
    assertThat(f.uid()).isZero();
    assertThat(f.gid()).isZero();
  }

  @Test
  void write_fileToTrailingSlash_copiesIntoThatDirectory() throws IOException {
    assertThat(TarFixture.names(copy("/app/", "a.txt"))).containsExactly("app/", "app/a.txt");
  }

  @Test
  void write_fileToExistingDirectory_copiesIntoItWithoutADirectoryEntry() throws IOException {
    target.dir("/app");
    assertThat(TarFixture.names(copy("/app", "a.txt"))).containsExactly("app/a.txt");
  }

  @Test
  void write_fileToAbsentNameWithoutSlash_isThatFile() throws IOException {
    byte[] tar = copy("/app", "b.txt");
    assertThat(TarFixture.names(tar)).containsExactly("app");
    assertThat(TarFixture.entry(tar, "app").mode()).isEqualTo(0750);
    assertThat(TarFixture.entry(tar, "app").content()).isEqualTo("BB");
  }

  @Test
  void write_fileToRoot_landsAtTopLevel() throws IOException {
    assertThat(TarFixture.names(copy("/", "a.txt"))).containsExactly("a.txt");
  }

  @Test
  void write_deepDestinationUnderExistingDirectory_createsOnlyTheMissingParents() throws IOException {
    target.dir("/usr");
    byte[] tar = copy("/usr/local/share/x", "a.txt");
    assertThat(TarFixture.names(tar)).containsExactly("usr/local/", "usr/local/share/", "usr/local/share/x");
  }

  @Test
  void write_directory_copiesItsContentsIntoANewDestinationMade0755() throws IOException {
    byte[] tar = copy("/app", "src");
    assertThat(TarFixture.names(tar)).containsExactly("app/", "app/lib/", "app/lib/util.c", "app/main.c");
    assertThat(TarFixture.entry(tar, "app/").mode()).isEqualTo(0755);
    assertThat(TarFixture.entry(tar, "app/main.c").mode()).isEqualTo(0640);
    assertThat(TarFixture.entry(tar, "app/lib/util.c").content()).isEqualTo("util");
  }

  @Test
  void write_directoryIntoExistingDirectory_leavesItsEntryOut() throws IOException {
    target.dir("/app");
    assertThat(TarFixture.names(copy("/app/", "src"))).containsExactly("app/lib/", "app/lib/util.c", "app/main.c");
  }

  @Test
  void write_directoryOverAFile_isRefused() {
    target.kinds.put("/app", TargetFs.Kind.OTHER);
    assertThatThrownBy(() -> copy("/app", "src")).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("/app");
  }

  @Test
  void write_parentIsAFileInTheImage_isRefused() {
    target.kinds.put("/etc", TargetFs.Kind.OTHER);
    assertThatThrownBy(() -> copy("/etc/x/", "a.txt"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("/etc exists in the image and is not a directory");
  }

  @Test
  void write_severalSourcesWithoutSlash_treatsTheDestinationAsADirectory() throws IOException {
    assertThat(TarFixture.names(copy("/d", "a.txt", "b.txt"))).containsExactly("d/", "d/a.txt", "d/b.txt");
  }

  @Test
  void write_globWithSeveralMatches_copiesEachIntoTheDirectory() throws IOException {
    assertThat(TarFixture.names(copy("/d/", "*.txt"))).containsExactly("d/", "d/a.txt", "d/b.txt");
  }

  @Test
  void write_chown_ownsFilesDirectoriesAndCreatedParents() throws IOException {
    byte[] tar = copy("/opt/app", 1000, 2000, null, false, "src");
    for (Entry e : TarFixture.read(tar)) {
      assertThat(e.uid()).as(e.name()).isEqualTo(1000);
      assertThat(e.gid()).as(e.name()).isEqualTo(2000);
    }
    assertThat(TarFixture.names(tar)).startsWith("opt/", "opt/app/");
  }

  @Test
  void write_chownWithoutGroup_usesTheUidAsGid() throws IOException {
    Entry f = TarFixture.entry(copy("/x", 1000, -1, null, false, "a.txt"), "x");
    assertThat(f.uid()).isEqualTo(1000);
    assertThat(f.gid()).isEqualTo(1000);
  }

  @Test
  void write_chmod_appliesToCopiedFilesAndDirectoriesNotToCreatedOnes() throws IOException {
    byte[] tar = copy("/opt/app", -1, -1, 0640, false, "src");
    assertThat(TarFixture.entry(tar, "opt/").mode()).isEqualTo(0755);
    assertThat(TarFixture.entry(tar, "opt/app/").mode()).isEqualTo(0755);
    assertThat(TarFixture.entry(tar, "opt/app/lib/").mode()).isEqualTo(0640);
    assertThat(TarFixture.entry(tar, "opt/app/main.c").mode()).isEqualTo(0640);
  }

  @Test
  void write_setuidBit_isKept() throws IOException {
    Files.setAttribute(root.resolve("a.txt"), "unix:mode", 04755);
    assertThat(TarFixture.entry(copy("/x", "a.txt"), "x").mode()).isEqualTo(04755);
  }

  @Test
  void write_symlinkInsideDirectory_isCopiedAsSymlink() throws IOException {
    Files.createSymbolicLink(root.resolve("src/link"), Path.of("../a.txt"));
    Entry l = TarFixture.entry(copy("/app", "src"), "app/link");
    assertThat(l.type()).isEqualTo('2');
    assertThat(l.link()).isEqualTo("../a.txt");
  }

  @Test
  void write_hardlinksInsideDirectory_arePreserved() throws IOException {
    Files.createLink(root.resolve("src/same.c"), root.resolve("src/main.c"));
    byte[] tar = copy("/app", "src");
    Entry first = TarFixture.entry(tar, "app/main.c");
    Entry second = TarFixture.entry(tar, "app/same.c");
    assertThat(first.type()).isEqualTo('0');
    assertThat(first.content()).isEqualTo("int main;");
    assertThat(second.type()).isEqualTo('1');
    assertThat(second.link()).isEqualTo("app/main.c");
  }

  @Test
  void write_excludedFilesInsideDirectory_areLeftOut() throws IOException {
    tree = new SourceTree(root, DockerIgnore.parse("src/lib\n"));
    assertThat(TarFixture.names(copy("/app", "src"))).containsExactly("app/", "app/main.c");
  }

  @Test
  void write_excludedDirectoryWithException_keepsOnlyTheException() throws IOException {
    write("src/lib/keep.c", "k", "rw-r--r--");
    tree = new SourceTree(root, DockerIgnore.parse("src/lib\n!src/lib/keep.c\n"));
    assertThat(TarFixture.names(copy("/app", "."))).containsExactly(
        "app/", "app/a.txt", "app/b.txt", "app/src/", "app/src/lib/", "app/src/lib/keep.c", "app/src/main.c");
  }

  @Test
  void write_privateContextRootToNewDirectory_givesAReadableDirectory() throws IOException {
    Files.setAttribute(root, "unix:mode", 0700);
    byte[] tar = copy("/app", ".");
    assertThat(TarFixture.entry(tar, "app/").mode()).isEqualTo(0755);
    assertThat(TarFixture.entry(tar, "app/src/").mode()).isEqualTo(0751);
  }

  @Test
  void write_wholeContextToRoot_namesEntriesRelativeToRoot() throws IOException {
    assertThat(TarFixture.names(copy("/", "."))).containsExactly(
        "a.txt", "b.txt", "src/", "src/lib/", "src/lib/util.c", "src/main.c");
  }

  @Test
  void write_topLevelSymlinkSource_copiesTheTargetUnderTheLinkName() throws IOException {
    Files.createSymbolicLink(root.resolve("alias"), Path.of("b.txt"));
    byte[] tar = copy("/d/", "alias");
    Entry e = TarFixture.entry(tar, "d/alias");
    assertThat(e.type()).isEqualTo('0');
    assertThat(e.content()).isEqualTo("BB");
  }

  @Test
  void write_mtimes_areKept() throws IOException {
    Files.setLastModifiedTime(root.resolve("a.txt"), java.nio.file.attribute.FileTime.fromMillis(1_500_000_000_000L));
    assertThat(TarFixture.entry(copy("/x", "a.txt"), "x").mtime()).isEqualTo(1_500_000_000L);
  }
}
