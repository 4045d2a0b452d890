package dev.berth.image.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Digest;
import dev.berth.storage.Mount;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerApplierTest {
  @TempDir Path tmp;
  Path target;

  @BeforeEach
  void setUp() throws IOException {
    target = Files.createDirectory(tmp.resolve("target"));
  }

  /** Applies through the stream entry; {@link LayerApplierFileTest} runs every test through the file entry. */
  ApplyResult apply(byte[] tar) {
    return LayerApplier.apply(new ByteArrayInputStream(tar), target, WhiteoutMode.DELETE);
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p);
  }

  private static int mode(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  @Test
  void apply_plainTar_writesFilesDirsAndSymlinksWithModesAndMtimes() throws IOException {
    byte[] tar = new TarBuilder().dir("etc/", 0750).file("etc/hostname", "box\n", 0640)
        .symlink("etc/link", "hostname").file("bin/tool", "#!/bin/sh\n", 0755).build();

    ApplyResult r = apply(tar);

    assertThat(read(target.resolve("etc/hostname"))).isEqualTo("box\n");
    assertThat(mode(target.resolve("etc"))).isEqualTo(0750);
    assertThat(mode(target.resolve("etc/hostname"))).isEqualTo(0640);
    assertThat(mode(target.resolve("bin/tool"))).isEqualTo(0755);
    assertThat(mode(target.resolve("bin"))).as("implicit parent").isEqualTo(0755);
    assertThat(Files.readSymbolicLink(target.resolve("etc/link")).toString()).isEqualTo("hostname");
    for (String p : List.of("etc", "etc/hostname", "etc/link", "bin/tool")) {
      assertThat(Files.getLastModifiedTime(target.resolve(p), LinkOption.NOFOLLOW_LINKS).toMillis())
          .as(p).isEqualTo(TarBuilder.MTIME * 1000);
    }
    assertThat(r.files()).isEqualTo(4);
    assertThat(r.size()).isEqualTo(tar.length);
    assertThat(r.diffId()).isEqualTo(Digest.sha256(tar));
  }

  @Test
  void apply_gzipAndZstd_giveSameTreeAndDiffIdOfUncompressedTar() throws IOException {
    byte[] tar = new TarBuilder().dir("d/", 0755).file("d/f", "hello".repeat(1000)).build();
    ApplyResult plain = apply(tar);
    Map<String, String> expected = Trees.describe(target);

    for (byte[] compressed : List.of(gzip(tar), zstd(tar))) {
      Trees.deleteQuietly(target);
      Files.createDirectory(target);
      ApplyResult r = apply(compressed);
      assertThat(r.diffId()).isEqualTo(plain.diffId());
      assertThat(r.size()).isEqualTo(tar.length);
      assertThat(Trees.describe(target)).isEqualTo(expected);
    }
  }

  @Test
  void apply_specialModeBits_keepsSetuidSetgidAndSticky() throws IOException {
    byte[] tar = new TarBuilder().file("su", "x", 04755).file("sg", "x", 02711).dir("tmp/", 01777)
        .file("plain", "x", 0600).build();

    apply(tar);

    assertThat(mode(target.resolve("su"))).isEqualTo(04755);
    assertThat(mode(target.resolve("sg"))).isEqualTo(02711);
    assertThat(mode(target.resolve("tmp"))).isEqualTo(01777);
    assertThat(mode(target.resolve("plain"))).isEqualTo(0600);
  }

  @Test
  void apply_directoryFilledAfterItsEntry_keepsDirectoryMtime() throws IOException {
    byte[] tar = new TarBuilder().dir("d/", 0755).file("d/a", "a").dir("d/sub/", 0755).file("d/sub/b", "b").build();

    apply(tar);

    assertThat(Files.getLastModifiedTime(target.resolve("d")).toMillis()).isEqualTo(TarBuilder.MTIME * 1000);
    assertThat(Files.getLastModifiedTime(target.resolve("d/sub")).toMillis()).isEqualTo(TarBuilder.MTIME * 1000);
  }

  @Test
  void apply_hardlink_sharesTheInode() throws IOException {
    apply(new TarBuilder().file("a", "data").hardlink("b", "a").build());

    assertThat(Files.isSameFile(target.resolve("a"), target.resolve("b"))).isTrue();
    assertThat(Files.getAttribute(target.resolve("a"), "unix:nlink")).isEqualTo(2);
  }

  @Test
  void apply_laterEntrySamePath_replacesEarlierAndDirsMerge() throws IOException {
    byte[] tar = new TarBuilder().file("f", "one").file("f", "two")
        .dir("d/", 0755).file("d/keep", "k").dir("d/", 0700)
        .file("x", "file").dir("x/", 0755).file("x/in", "in")
        .dir("y/", 0755).file("y/gone", "g").file("y", "now a file")
        .file("l", "target").hardlink("h", "l").file("h", "replaced, not written through").build();

    apply(tar);

    assertThat(read(target.resolve("f"))).isEqualTo("two");
    assertThat(read(target.resolve("d/keep"))).isEqualTo("k");
    assertThat(mode(target.resolve("d"))).isEqualTo(0700);
    assertThat(read(target.resolve("x/in"))).isEqualTo("in");
    assertThat(read(target.resolve("y"))).isEqualTo("now a file");
    assertThat(read(target.resolve("l"))).as("hardlinked inode untouched").isEqualTo("target");
    assertThat(read(target.resolve("h"))).isEqualTo("replaced, not written through");
  }

  @Test
  void apply_longNamesViaPax_extractsThem() throws IOException {
    String dir = "d".repeat(150);
    String name = dir + "/" + "f".repeat(200);
    String link = "l".repeat(120);
    apply(new TarBuilder().dir(dir + "/", 0755).file(name, "long").symlink(link, name).build());

    assertThat(read(target.resolve(name))).isEqualTo("long");
    assertThat(Files.readSymbolicLink(target.resolve(link)).toString()).isEqualTo(name);
  }

  @Test
  void apply_componentLongerThan255Bytes_failsCleanly() {
    byte[] tar = new TarBuilder().file("ok/" + "x".repeat(256), "too long").build();

    assertThatThrownBy(() -> apply(tar)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("longer than 255 bytes");
  }

  @Test
  void applyToMounts_bindMount_writesItsSource() {
    byte[] tar = new TarBuilder().file("f", "via bind").build();

    LayerApplier.applyToMounts(new ByteArrayInputStream(tar), List.of(new Mount("bind", target.toString(), List.of("rbind"))));

    assertThat(target.resolve("f")).hasContent("via bind");
  }

  @Test
  void applyToMounts_unsupportedMounts_areRefused() {
    byte[] tar = new TarBuilder().file("f", "x").build();
    Mount bind = new Mount("bind", target.toString(), List.of());

    assertThatThrownBy(() -> LayerApplier.applyToMounts(new ByteArrayInputStream(tar), List.of(bind, bind)))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("exactly one mount");
    assertThatThrownBy(() -> LayerApplier.applyToMounts(new ByteArrayInputStream(tar),
        List.of(new Mount("tmpfs", "tmpfs", List.of())))).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("unsupported mount type 'tmpfs'");
    assertThatThrownBy(() -> LayerApplier.applyToMounts(new ByteArrayInputStream(tar),
        List.of(new Mount("overlay", "overlay", List.of("lowerdir=/x"))))).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("no upperdir=");
    assertThatThrownBy(() -> LayerApplier.applyToMounts(new ByteArrayInputStream(tar),
        List.of(new Mount("bind", target.toString(), List.of("ro", "rbind"))))).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("read-only");
    assertThat(target).isEmptyDirectory();
  }

  @Test
  void apply_truncatedTar_failsNamingTheEntry() {
    byte[] tar = new TarBuilder().file("first", "1").file("big", "z".repeat(5000)).build();
    byte[] cut = Arrays.copyOf(tar, 1024 + 512 + 2000);

    assertThatThrownBy(() -> apply(cut)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("truncated").hasMessageContaining("'big'");
  }

  @Test
  void apply_tarCutInsideAHeader_failsAsTruncated() {
    byte[] tar = new TarBuilder().file("first", "1").file("second", "2").build();
    byte[] cut = Arrays.copyOf(tar, 1024 + 300);

    assertThatThrownBy(() -> apply(cut)).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("truncated");
  }

  @Test
  void apply_garbage_failsAsMalformed() {
    byte[] garbage = "this is not a tar at all, just text. ".repeat(40).getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> apply(garbage)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("malformed");
    assertThat(target).isEmptyDirectory();
  }

  @Test
  void apply_corruptGzip_failsAsMalformed() throws IOException {
    byte[] gz = gzip(new TarBuilder().file("f", "x".repeat(10000)).build());
    for (int i = 20; i < gz.length - 8; i++) gz[i] ^= 0x5a;

    assertThatThrownBy(() -> apply(gz)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void apply_emptyStream_isRefused() {
    assertThatThrownBy(() -> apply(new byte[0])).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void apply_targetMissing_isRefused() {
    byte[] tar = new TarBuilder().file("f", "x").build();
    assertThatThrownBy(() -> LayerApplier.apply(new ByteArrayInputStream(tar), tmp.resolve("nope"), WhiteoutMode.DELETE))
        .hasMessageContaining("nope");
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream o = new GZIPOutputStream(b)) {
      o.write(data);
    }
    return b.toByteArray();
  }

  static byte[] zstd(byte[] data) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream o = new ZstdOutputStream(b)) {
      o.write(data);
    }
    return b.toByteArray();
  }

}
