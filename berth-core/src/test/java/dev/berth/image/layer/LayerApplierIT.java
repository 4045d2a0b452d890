package dev.berth.image.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.sys.Libc;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Needs root: device nodes, foreign owners, trusted xattrs, overlay whiteouts and a real overlay mount. */
class LayerApplierIT {
  @TempDir Path tmp;
  Path mounted;

  @AfterEach
  void unmount() throws IOException {
    if (mounted != null) Libc.umount(mounted, Libc.MNT_DETACH);
  }

  /** Applies through the stream entry; {@link LayerApplierFileIT} runs every test through the file entry. */
  ApplyResult apply(byte[] tar, Path dir, WhiteoutMode mode) {
    return LayerApplier.apply(new ByteArrayInputStream(tar), dir, mode);
  }

  private static Object attr(Path p, String name) throws IOException {
    return Files.getAttribute(p, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void apply_devicesAndFifo_areCreatedWithOwnerAndMode() throws IOException {
    byte[] tar = new TarBuilder(1000, 1001).device("dev/null", TarConstants.LF_CHR, 0666, 1, 3)
        .device("dev/loop0", TarConstants.LF_BLK, 0660, 7, 0).device("run/fifo", TarConstants.LF_FIFO, 0620, 0, 0)
        .file("home/u/f", "mine", 0640).symlink("home/u/l", "f").build();

    apply(tar, tmp, WhiteoutMode.DELETE);

    assertThat(Trees.describeOne(tmp.resolve("dev/null"))).startsWith("20666 1000:1001").endsWith("dev 1,3");
    assertThat(Trees.describeOne(tmp.resolve("dev/loop0"))).startsWith("60660 1000:1001").endsWith("dev 7,0");
    assertThat(Trees.describeOne(tmp.resolve("run/fifo"))).startsWith("10620 1000:1001");
    assertThat(Trees.describeOne(tmp.resolve("home/u/f"))).startsWith("100640 1000:1001");
    assertThat(Trees.describeOne(tmp.resolve("home/u/l"))).startsWith("120777 1000:1001");
  }

  @Test
  void apply_rootOwnedFileInSetgidDir_isChownedToGroupZero() throws IOException {
    byte[] dir = new TarBuilder(0, 50).dir("sg/", 02775).build();
    byte[] file = new TarBuilder(0, 0).file("sg/f", "x").build();

    apply(dir, tmp, WhiteoutMode.DELETE);
    apply(file, tmp, WhiteoutMode.DELETE);

    assertThat(attr(tmp.resolve("sg"), "gid")).isEqualTo(50);
    assertThat(attr(tmp.resolve("sg/f"), "gid")).as("not inherited from the setgid dir").isEqualTo(0);
  }

  @Test
  void apply_fileUnderImplicitDirInSetgidDir_isChownedToItsOwnGroup() throws IOException {
    apply(new TarBuilder(0, 50).dir("sg/", 02775).build(), tmp, WhiteoutMode.DELETE);

    apply(new TarBuilder(0, 0).file("sg/implicit/f", "x").build(), tmp, WhiteoutMode.DELETE);

    assertThat(attr(tmp.resolve("sg/implicit/f"), "gid")).isEqualTo(0);
  }

  @Test
  void apply_setuidFileOfOtherOwner_keepsSetuidAfterChown() throws IOException {
    apply(new TarBuilder(1000, 1000).file("bin/su", "x", 06755).build(), tmp, WhiteoutMode.DELETE);

    assertThat(Trees.describeOne(tmp.resolve("bin/su"))).startsWith("106755 1000:1000");
  }

  @Test
  void apply_xattrs_areSetButOverlayOnesSkipped() throws IOException {
    byte[] tar = new TarBuilder().entry("f", TarConstants.LF_NORMAL, 0644, new byte[0],
        TarBuilder.xattrs(Map.of("trusted.berth", "t", "user.berth", "u", "trusted.overlay.opaque", "y"))).build();

    apply(tar, tmp, WhiteoutMode.DELETE);

    assertThat(Libc.lgetxattr(tmp.resolve("f"), "trusted.berth")).isEqualTo("t".getBytes(StandardCharsets.UTF_8));
    assertThat(Libc.lgetxattr(tmp.resolve("f"), "user.berth")).isEqualTo("u".getBytes(StandardCharsets.UTF_8));
    assertThat(Libc.lgetxattr(tmp.resolve("f"), "trusted.overlay.opaque")).isNull();
  }

  @Test
  void apply_overlayMode_writesCharDeviceWhiteoutsAndOpaqueXattr() throws IOException {
    Path upper = Files.createDirectory(tmp.resolve("upper"));
    byte[] tar = new TarBuilder().dir("etc/", 0755).file("etc/.wh.passwd", "").file("etc/mine", "m")
        .file("etc/.wh.mine", "").dir("var/", 0755).file("var/.wh..wh..opq", "").file("var/kept", "k")
        .file("gone/.wh.x", "").build();

    ApplyResult r = apply(tar, upper, WhiteoutMode.OVERLAY);

    FileStat wh = FileStat.of(upper.resolve("etc/passwd"));
    assertThat(wh.isOverlayWhiteout()).isTrue();
    assertThat(upper.resolve("etc/mine")).hasContent("m");
    assertThat(Libc.lgetxattr(upper.resolve("var"), "trusted.overlay.opaque")).isEqualTo(new byte[] {'y'});
    assertThat(upper.resolve("var/kept")).hasContent("k");
    assertThat(FileStat.of(upper.resolve("gone/x")).isOverlayWhiteout()).isTrue();
    assertThat(r.files()).isEqualTo(4);
  }

  @Test
  void applyToMounts_overlayLayer_hidesLowerFilesInTheMergedView() throws IOException {
    Path lower = Files.createDirectory(tmp.resolve("lower"));
    apply(new TarBuilder().dir("etc/", 0755).file("etc/passwd", "p").file("etc/group", "g").dir("var/", 0755)
        .file("var/old", "o").build(), lower, WhiteoutMode.DELETE);
    Path upper = Files.createDirectory(tmp.resolve("upper"));
    Path work = Files.createDirectory(tmp.resolve("work"));
    Path merged = Files.createDirectory(tmp.resolve("merged"));
    dev.berth.storage.Mount m = new dev.berth.storage.Mount("overlay", "overlay",
        List.of("lowerdir=" + lower, "upperdir=" + upper, "workdir=" + work));

    LayerApplier.applyToMounts(new ByteArrayInputStream(new TarBuilder().dir("etc/", 0755).file("etc/.wh.passwd", "")
        .dir("var/", 0755).file("var/.wh..wh..opq", "").file("var/new", "n").build()), List.of(m));
    mount(lower, upper, work, merged);

    assertThat(merged.resolve("etc/passwd")).doesNotExist();
    assertThat(merged.resolve("etc/group")).hasContent("g");
    try (var s = Files.list(merged.resolve("var"))) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("new");
    }
  }

  @Test
  void diffOverlayUpper_changesMadeThroughOverlay_rebuildTheMergedTree() throws IOException {
    byte[] base = new TarBuilder(0, 0).dir("etc/", 0755).file("etc/passwd", "p").file("etc/group", "g")
        .dir("var/", 0755).dir("var/lib/", 0755).file("var/lib/db", "d").file("var/lib/db2", "d2")
        .dir("usr/", 0755).file("usr/keep", "k").build();
    Path lower = Files.createDirectory(tmp.resolve("lower"));
    apply(base, lower, WhiteoutMode.DELETE);
    Path upper = Files.createDirectory(tmp.resolve("upper"));
    Path work = Files.createDirectory(tmp.resolve("work"));
    Path merged = Files.createDirectory(tmp.resolve("merged"));
    mount(lower, upper, work, merged);
    Files.delete(merged.resolve("etc/passwd"));
    Files.writeString(merged.resolve("etc/group"), "g2");
    NodeWriter.deleteTree(merged.resolve("var/lib"));
    Files.createDirectory(merged.resolve("var/lib")); // overlay makes it opaque
    Files.writeString(merged.resolve("var/lib/fresh"), "f");
    Files.setAttribute(merged.resolve("usr/keep"), "unix:mode", 0600);
    Libc.mknod(merged.resolve("usr/fifo"), Libc.S_IFIFO | 0644, 0, 0);
    Map<String, String> expected = Trees.describe(merged);
    Libc.umount(merged, 0);
    mounted = null;

    ByteArrayOutputStream layer = new ByteArrayOutputStream();
    LayerDiffer.diffOverlayUpper(upper, layer);
    List<String> names = LayerDifferTest.names(layer.toByteArray());
    Path rebuilt = Files.createDirectory(tmp.resolve("rebuilt"));
    apply(base, rebuilt, WhiteoutMode.DELETE);
    apply(layer.toByteArray(), rebuilt, WhiteoutMode.DELETE);

    assertThat(names).contains("etc/.wh.passwd", "var/lib/", "var/lib/.wh..wh..opq", "var/lib/fresh");
    assertThat(Trees.describe(rebuilt)).isEqualTo(expected);
  }

  private void mount(Path lower, Path upper, Path work, Path merged) throws IOException {
    // mount(8) rather than Libc.mount: the test should not depend on another package's binding.
    Process p = new ProcessBuilder("mount", "-t", "overlay", "overlay", "-o",
        "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work, merged.toString())
        .redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) throw new IOException("mount overlay on " + merged + ": " + out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    mounted = merged;
  }
}
