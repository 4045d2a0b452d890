package dev.berth.image.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whiteouts in DELETE mode (a vfs-style full copy of the parent). OVERLAY mode needs root: see LayerApplierIT. */
class LayerApplierWhiteoutTest {
  @TempDir Path target;

  @BeforeEach
  void lowerLayer() {
    apply(new TarBuilder().dir("etc/", 0755).file("etc/a", "a").file("etc/b", "b").dir("etc/sub/", 0755)
        .file("etc/sub/c", "c").dir("var/", 0755).file("var/log", "log").build());
  }

  private ApplyResult apply(byte[] tar) {
    return LayerApplier.apply(new ByteArrayInputStream(tar), target, WhiteoutMode.DELETE);
  }

  @Test
  void apply_whiteoutFile_deletesIt() {
    ApplyResult r = apply(new TarBuilder().file("etc/.wh.a", "").build());

    assertThat(target.resolve("etc/a")).doesNotExist();
    assertThat(target.resolve("etc/b")).exists();
    assertThat(target.resolve("etc/.wh.a")).doesNotExist();
    assertThat(r.files()).isZero();
  }

  @Test
  void apply_whiteoutDirectory_deletesItRecursively() {
    apply(new TarBuilder().file("etc/.wh.sub", "").file(".wh.var", "").build());

    assertThat(target.resolve("etc/sub")).doesNotExist();
    assertThat(target.resolve("var")).doesNotExist();
    assertThat(target.resolve("etc/a")).exists();
  }

  @Test
  void apply_whiteoutOfMissingFile_isANoOp() {
    apply(new TarBuilder().file("etc/.wh.nothing", "").file("nodir/.wh.x", "").build());

    assertThat(target.resolve("nodir")).doesNotExist();
  }

  @Test
  void apply_opaqueDirectory_removesLowerEntriesButKeepsThisLayers() throws IOException {
    byte[] tar = new TarBuilder().dir("etc/", 0755).file("etc/new", "new").dir("etc/sub/", 0755)
        .file("etc/sub/d", "d").file("etc/.wh..wh..opq", "").build();

    apply(tar);

    try (var s = Files.list(target.resolve("etc"))) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("new", "sub");
    }
    try (var s = Files.list(target.resolve("etc/sub"))) {
      assertThat(s.map(p -> p.getFileName().toString())).as("lower etc/sub/c hidden").containsExactly("d");
    }
    assertThat(target.resolve("var/log")).exists();
  }

  @Test
  void apply_opaqueBeforeEntries_keepsEntriesAddedAfter() {
    apply(new TarBuilder().file("etc/.wh..wh..opq", "").file("etc/x", "x").build());

    assertThat(target.resolve("etc/a")).doesNotExist();
    assertThat(target.resolve("etc/x")).hasContent("x");
  }

  @Test
  void apply_whiteoutOfFileFromSameLayer_keepsIt() {
    apply(new TarBuilder().file("etc/a", "new a").file("etc/.wh.a", "").build());

    assertThat(target.resolve("etc/a")).hasContent("new a");
  }

  @Test
  void apply_replaceDirectoryThenWriteBelow_stillResolvesCorrectly() throws IOException {
    apply(new TarBuilder().file(".wh.etc", "").symlink("etc", "var").file("etc/through", "t").build());

    assertThat(target.resolve("etc")).isSymbolicLink();
    assertThat(target.resolve("var/through")).hasContent("t");
  }
}
