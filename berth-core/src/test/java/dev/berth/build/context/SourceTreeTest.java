package dev.berth.build.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceTreeTest {
  @TempDir Path root;

  private SourceTree tree;

  @BeforeEach
  void context() throws IOException {
    write("a.txt", "a");
    write("b.txt", "b");
    write("c.md", "c");
    write("dir/ab", "1");
    write("dir/ax", "2");
    write("dir/cd", "3");
    write("dir/sub/deep.txt", "4");
    tree = new SourceTree(root, DockerIgnore.NONE);
  }

  private void write(String rel, String content) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private static List<String> names(List<CopySource> sources) {
    return sources.stream().map(CopySource::name).toList();
  }

  @Test
  void resolve_plainFile_isOneFileSource() {
    List<CopySource> s = tree.resolve("a.txt");
    assertThat(s).containsExactly(new CopySource(root.resolve("a.txt"), "a.txt", false, "a.txt", DockerIgnore.NONE));
  }

  @Test
  void resolve_absoluteOrDotSlashName_isRelativeToTheRoot() {
    assertThat(tree.resolve("/a.txt").getFirst().path()).isEqualTo(root.resolve("a.txt"));
    assertThat(tree.resolve("./dir/../a.txt").getFirst().path()).isEqualTo(root.resolve("a.txt"));
  }

  @Test
  void resolve_directory_isMarkedDirectory() {
    CopySource s = tree.resolve("dir/").getFirst();
    assertThat(s.directory()).isTrue();
    assertThat(s.name()).isEqualTo("dir");
    assertThat(s.path()).isEqualTo(root.resolve("dir"));
  }

  @Test
  void resolve_fileWithTrailingSlash_isNotFound() {
    assertThatThrownBy(() -> tree.resolve("a.txt/")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void resolve_dot_isTheWholeRoot() {
    CopySource s = tree.resolve(".").getFirst();
    assertThat(s.directory()).isTrue();
    assertThat(s.path()).isEqualTo(root);
    assertThat(s.contextPath()).isEmpty();
  }

  @Test
  void resolve_missingFile_isNotFoundWithDockersMessage() {
    assertThatThrownBy(() -> tree.resolve("nope.txt"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("file not found in build context or excluded by .dockerignore: stat nope.txt: file does not exist");
  }

  @Test
  void resolve_missingAbsoluteOrDotSlashName_isNamedAsDockerTrimsIt() {
    assertThatThrownBy(() -> tree.resolve("/opt/app.jar"))
        .hasMessage("file not found in build context or excluded by .dockerignore: stat opt/app.jar: file does not exist");
    assertThatThrownBy(() -> tree.resolve("./public/"))
        .hasMessage("file not found in build context or excluded by .dockerignore: stat public/: file does not exist");
  }

  @Test
  void resolve_dotDotAboveTheRoot_isForbidden() {
    assertThatThrownBy(() -> tree.resolve("../x"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("forbidden path outside the build context: ../x ()");
    assertThatThrownBy(() -> tree.resolve("dir/../../x")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> tree.resolve("/../x")).hasMessage("forbidden path outside the build context: ../x ()");
  }

  @Test
  void resolve_starGlob_matchesInNameOrder() {
    assertThat(names(tree.resolve("*.txt"))).containsExactly("a.txt", "b.txt");
  }

  @Test
  void resolve_classAndQuestionMarkGlob_matchesPerElement() {
    List<CopySource> s = tree.resolve("dir/[ab]?");
    assertThat(names(s)).containsExactly("ab", "ax");
    assertThat(s.getFirst().path()).isEqualTo(root.resolve("dir/ab"));
    assertThat(s.getFirst().contextPath()).isEqualTo("dir/ab");
  }

  @Test
  void resolve_globInAParentElement_matchesDirectoriesThenNames() {
    assertThat(tree.resolve("d*/sub/*.txt")).extracting(CopySource::path).containsExactly(root.resolve("dir/sub/deep.txt"));
  }

  @Test
  void resolve_starDoesNotCrossSlash() {
    assertThat(names(tree.resolve("*"))).containsExactly("a.txt", "b.txt", "c.md", "dir");
  }

  @Test
  void resolve_globMatchingNothing_isNotFound() {
    assertThatThrownBy(() -> tree.resolve("*.java")).isInstanceOf(NotFoundException.class).hasMessageContaining("*.java");
  }

  @Test
  void resolve_excludedFile_isInvisible() {
    SourceTree t = new SourceTree(root, DockerIgnore.parse("*.txt\n!b.txt\ndir/sub\n"));
    assertThatThrownBy(() -> t.resolve("a.txt")).isInstanceOf(NotFoundException.class);
    assertThat(names(t.resolve("*.txt"))).containsExactly("b.txt");
    assertThatThrownBy(() -> t.resolve("dir/sub/deep.txt")).isInstanceOf(NotFoundException.class);
    assertThat(names(t.resolve("dir/*"))).containsExactly("ab", "ax", "cd");
  }

  @Test
  void resolve_absoluteSymlinkInParent_isResolvedInsideTheRoot() throws IOException {
    Files.createSymbolicLink(root.resolve("link"), Path.of("/dir/sub"));
    CopySource s = tree.resolve("link/deep.txt").getFirst();
    assertThat(s.path()).isEqualTo(root.resolve("dir/sub/deep.txt"));
    assertThat(s.name()).isEqualTo("deep.txt");
  }

  @Test
  void resolve_symlinkClimbingOut_staysInsideTheRoot() throws IOException {
    Files.createSymbolicLink(root.resolve("esc"), Path.of("../../../../../../etc"));
    assertThatThrownBy(() -> tree.resolve("esc/passwd")).isInstanceOf(NotFoundException.class);
    write("etc/passwd", "inside");
    assertThat(tree.resolve("esc/passwd").getFirst().path()).isEqualTo(root.resolve("etc/passwd"));
  }

  @Test
  void resolve_topLevelSymlink_isFollowedAndKeepsTheLinkName() throws IOException {
    Files.createSymbolicLink(root.resolve("l"), Path.of("a.txt"));
    Files.createSymbolicLink(root.resolve("ld"), Path.of("/dir"));
    CopySource s = tree.resolve("l").getFirst();
    assertThat(s.path()).isEqualTo(root.resolve("a.txt"));
    assertThat(s.name()).isEqualTo("l");
    assertThat(s.directory()).isFalse();
    CopySource d = tree.resolve("l?").getFirst();
    assertThat(d.directory()).isTrue();
    assertThat(d.path()).isEqualTo(root.resolve("dir"));
    assertThat(d.name()).isEqualTo("ld");
  }

  @Test
  void resolve_symlinkLoop_isRefusedNotFollowedForever() throws IOException {
    Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
    Files.createSymbolicLink(root.resolve("loop2"), Path.of("/loop1"));
    assertThatThrownBy(() -> tree.resolve("loop1/x"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("too many levels of symbolic links");
  }

  @Test
  void resolve_danglingSymlink_isNotFound() throws IOException {
    Files.createSymbolicLink(root.resolve("dangling"), Path.of("missing"));
    assertThatThrownBy(() -> tree.resolve("dangling")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void resolve_escapedWildcardInAGlob_isLiteral() throws IOException {
    write("star*", "s");
    write("starX", "x");
    assertThat(names(tree.resolve("sta?\\*"))).containsExactly("star*");
    assertThat(names(tree.resolve("sta?*"))).containsExactly("star*", "starX");
  }

  @Test
  void checksum_sameContentElsewhere_isEqual(@TempDir Path other) throws IOException {
    Files.createDirectories(other.resolve("dir/sub"));
    for (String f : List.of("dir/ab", "dir/ax", "dir/cd", "dir/sub/deep.txt")) {
      Files.copy(root.resolve(f), other.resolve(f));
    }
    String here = tree.checksum(tree.resolve("dir"));
    assertThat(here).startsWith("sha256:").hasSize(71);
    assertThat(new SourceTree(other, DockerIgnore.NONE).checksum(new SourceTree(other, DockerIgnore.NONE).resolve("dir")))
        .isEqualTo(here);
  }

  @Test
  void checksum_oneByteChanged_differs() throws IOException {
    String before = tree.checksum(tree.resolve("dir"));
    write("dir/sub/deep.txt", "5");
    assertThat(tree.checksum(tree.resolve("dir"))).isNotEqualTo(before);
  }

  @Test
  void checksum_modeChanged_differs() throws IOException {
    String before = tree.checksum(tree.resolve("a.txt"));
    Files.setPosixFilePermissions(root.resolve("a.txt"), PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(tree.checksum(tree.resolve("a.txt"))).isNotEqualTo(before);
  }

  @Test
  void checksum_onlyMtimeChanged_isEqual() throws IOException {
    String before = tree.checksum(tree.resolve("dir"));
    Files.setLastModifiedTime(root.resolve("dir/ab"), FileTime.fromMillis(1000));
    Files.setLastModifiedTime(root.resolve("dir"), FileTime.fromMillis(1000));
    assertThat(tree.checksum(tree.resolve("dir"))).isEqualTo(before);
  }

  @Test
  void checksum_fileAddedOrRenamed_differs() throws IOException {
    String before = tree.checksum(tree.resolve("dir"));
    write("dir/new", "");
    String added = tree.checksum(tree.resolve("dir"));
    assertThat(added).isNotEqualTo(before);
    Files.move(root.resolve("dir/new"), root.resolve("dir/renamed"));
    assertThat(tree.checksum(tree.resolve("dir"))).isNotEqualTo(added);
  }

  @Test
  void checksum_symlinkTargetChanged_differs() throws IOException {
    Files.createSymbolicLink(root.resolve("dir/l"), Path.of("ab"));
    String before = tree.checksum(tree.resolve("dir"));
    Files.delete(root.resolve("dir/l"));
    Files.createSymbolicLink(root.resolve("dir/l"), Path.of("ax"));
    assertThat(tree.checksum(tree.resolve("dir"))).isNotEqualTo(before);
  }

  @Test
  void checksum_excludedFileChanged_isEqual() throws IOException {
    SourceTree t = new SourceTree(root, DockerIgnore.parse("dir/sub\n"));
    String before = t.checksum(t.resolve("dir"));
    write("dir/sub/deep.txt", "changed");
    assertThat(t.checksum(t.resolve("dir"))).isEqualTo(before);
  }

  @Test
  void checksum_sourceOrderOrName_matters() {
    String ab = tree.checksum(List.of(tree.resolve("a.txt").getFirst(), tree.resolve("b.txt").getFirst()));
    String ba = tree.checksum(List.of(tree.resolve("b.txt").getFirst(), tree.resolve("a.txt").getFirst()));
    assertThat(ab).isNotEqualTo(ba);
  }
}
