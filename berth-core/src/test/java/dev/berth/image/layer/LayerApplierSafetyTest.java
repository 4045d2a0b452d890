package dev.berth.image.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extraction never writes outside its target. Each test puts a sentinel tree beside the target and checks
 * it is byte for byte the same afterwards, and that nothing new appeared beside the target.
 */
class LayerApplierSafetyTest {
  @TempDir Path tmp;
  Path target;
  Path outside;
  Map<String, String> outsideBefore;

  @BeforeEach
  void setUp() throws IOException {
    target = Files.createDirectories(tmp.resolve("a/b/target"));
    outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("passwd"), "root:x:0:0\n");
    Files.writeString(tmp.resolve("a/passwd"), "sibling\n");
    outsideBefore = Trees.describe(tmp);
    outsideBefore.keySet().removeIf(k -> k.startsWith("a/b/target/"));
  }

  @AfterEach
  void outsideUntouched() {
    Map<String, String> after = Trees.describe(tmp);
    after.keySet().removeIf(k -> k.startsWith("a/b/target/"));
    after.remove("a/b/target"); // its own mtime may change
    Map<String, String> before = new java.util.TreeMap<>(outsideBefore);
    before.remove("a/b/target");
    assertThat(after).as("everything outside the target").isEqualTo(before);
  }

  /** Applies through the stream entry; {@link LayerApplierSafetyFileTest} runs every test through the file entry. */
  void apply(byte[] tar) {
    LayerApplier.apply(new ByteArrayInputStream(tar), target, WhiteoutMode.DELETE);
  }

  @Test
  void apply_dotDotName_isRefused() {
    byte[] tar = new TarBuilder().file("../../passwd", "pwned").build();

    assertThatThrownBy(() -> apply(tar)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("points outside the target");
  }

  @Test
  void apply_dotDotInsideName_isRefusedWhenItClimbsOut() {
    byte[] tar = new TarBuilder().file("x/../../passwd", "pwned").build();

    assertThatThrownBy(() -> apply(tar)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void apply_dotDotStayingInside_isCleaned() throws IOException {
    apply(new TarBuilder().file("x/../inside", "ok").build());

    assertThat(target.resolve("inside")).hasContent("ok");
  }

  @Test
  void apply_absoluteName_isTakenRelativeToTarget() throws IOException {
    Path abs = outside.resolve("passwd");
    apply(new TarBuilder().file(abs.toString(), "inside now").build());

    assertThat(target.resolve(abs.toString().substring(1))).hasContent("inside now");
  }

  @Test
  void apply_symlinkToAbsoluteDirThenWriteThroughIt_staysInside() throws IOException {
    byte[] tar = new TarBuilder().symlink("evil", outside.toString()).file("evil/passwd", "pwned").build();

    apply(tar);

    assertThat(target.resolve(outside.toString().substring(1)).resolve("passwd")).hasContent("pwned");
    assertThat(Files.readSymbolicLink(target.resolve("evil")).toString()).isEqualTo(outside.toString());
  }

  @Test
  void apply_symlinkToEtcThenWrite_staysInside() throws IOException {
    String name = "berth-test-" + UUID.randomUUID();
    apply(new TarBuilder().symlink("sys-etc", "/etc").file("sys-etc/" + name, "pwned").build());

    assertThat(Path.of("/etc", name)).doesNotExist();
    assertThat(target.resolve("etc").resolve(name)).hasContent("pwned");
  }

  @Test
  void apply_relativeSymlinkClimbingOut_isClampedAtTarget() throws IOException {
    byte[] tar = new TarBuilder().symlink("up", "../../..").file("up/passwd", "pwned")
        .dir("d/", 0755).symlink("d/up2", "../../../../outside").file("d/up2/passwd", "pwned2").build();

    apply(tar);

    assertThat(target.resolve("passwd")).hasContent("pwned");
    assertThat(target.resolve("outside/passwd")).hasContent("pwned2");
  }

  @Test
  void apply_symlinkToItselfAsRoot_loopFailsCleanly() {
    byte[] tar = new TarBuilder().symlink("etc", "/etc").file("etc/x", "x").build();

    assertThatThrownBy(() -> apply(tar)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("too many levels of symbolic links");
  }

  @Test
  void apply_symlinkChainAndLoop_loopFailsCleanly() {
    byte[] tar = new TarBuilder().symlink("l1", "l2").symlink("l2", "l1").file("l1/x", "x").build();

    assertThatThrownBy(() -> apply(tar)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("too many levels of symbolic links");
  }

  @Test
  void apply_fileOverSymlink_replacesTheLinkNotItsTarget() throws IOException {
    byte[] tar = new TarBuilder().symlink("passwd", outside.resolve("passwd").toString()).file("passwd", "replaced").build();

    apply(tar);

    assertThat(target.resolve("passwd")).isRegularFile().hasContent("replaced");
  }

  @Test
  void apply_dirEntryOverSymlinkToOutside_replacesTheLink() throws IOException {
    byte[] tar = new TarBuilder().symlink("d", outside.toString()).dir("d/", 0700).file("d/passwd", "x").build();

    apply(tar);

    assertThat(target.resolve("d")).isDirectory().isNotEqualTo(outside);
    assertThat(Files.isSymbolicLink(target.resolve("d"))).isFalse();
  }

  @Test
  void apply_hardlinkOutside_isRefused() {
    byte[] tar = new TarBuilder().hardlink("pw", "../../passwd").build();

    assertThatThrownBy(() -> apply(tar)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("points outside the target");
  }

  @Test
  void apply_hardlinkAbsoluteOutside_resolvesInsideAndFailsWhenMissing() {
    byte[] tar = new TarBuilder().hardlink("pw", outside.resolve("passwd").toString()).build();

    assertThatThrownBy(() -> apply(tar)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void apply_hardlinkThroughSymlinkedDir_staysInside() {
    byte[] tar = new TarBuilder().symlink("o", outside.toString()).hardlink("pw", "o/passwd").build();

    assertThatThrownBy(() -> apply(tar)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void apply_hardlinkToSymlink_linksTheSymlinkItself() throws IOException {
    byte[] tar = new TarBuilder().symlink("s", outside.resolve("passwd").toString()).hardlink("h", "s")
        .file("h", "write after link").build();

    apply(tar);

    assertThat(target.resolve("s")).isSymbolicLink();
    assertThat(target.resolve("h")).isRegularFile().hasContent("write after link");
  }

  @Test
  void apply_hardlinkToSymlinkThenWriteThroughDir_staysInside() throws IOException {
    byte[] tar = new TarBuilder().symlink("s", outside.toString()).hardlink("h", "s").file("h/passwd", "pwned").build();

    apply(tar);

    assertThat(Files.isSymbolicLink(target.resolve("h"))).isTrue();
    assertThat(target.resolve(outside.toString().substring(1)).resolve("passwd")).hasContent("pwned");
  }

  @Test
  void apply_whiteoutThroughSymlink_deletesNothingOutside() {
    byte[] tar = new TarBuilder().symlink("o", outside.toString()).file("o/.wh.passwd", "")
        .symlink("p", "../../..").file("p/.wh..wh..opq", "").build();

    apply(tar);
  }

  @Test
  void apply_duplicateEntries_lastWins() throws IOException {
    apply(new TarBuilder().file("f", "1").symlink("f", outside.resolve("passwd").toString()).file("f", "3").build());

    assertThat(target.resolve("f")).isRegularFile().hasContent("3");
  }

  @Test
  void apply_symlinkTargetWithNulByte_isRefusedNotCutShort() {
    byte[] tar = new TarBuilder().symlink("link", "x".repeat(120) + "\0/../../outside").build();

    assertThatThrownBy(() -> apply(tar)).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("NUL");
    assertThat(target.resolve("link")).doesNotExist();
  }
}
