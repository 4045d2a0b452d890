package dev.berth.image.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerDifferTest {
  @TempDir Path tmp;
  Path lower;
  Path upper;
  byte[] base;

  @BeforeEach
  void trees() throws IOException {
    lower = Files.createDirectory(tmp.resolve("lower"));
    upper = Files.createDirectory(tmp.resolve("upper"));
    base = new TarBuilder().dir("etc/", 0755).file("etc/a", "a").file("etc/b", "b").file("etc/c", "c")
        .symlink("etc/l", "a").dir("etc/sub/", 0755).file("etc/sub/x", "x").dir("usr/", 0755)
        .dir("usr/bin/", 0755).file("usr/bin/tool", "tool", 0755).file("usr/bin/same", "same").build();
    apply(base, lower);
    apply(base, upper);
  }

  private static ApplyResult apply(byte[] tar, Path dir) {
    return LayerApplier.apply(new ByteArrayInputStream(tar), dir, WhiteoutMode.DELETE);
  }

  private static byte[] diff(Path lower, Path upper) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Digest d = LayerDiffer.diff(lower, upper, out);
    assertThat(d).isEqualTo(Digest.sha256(out.toByteArray()));
    return out.toByteArray();
  }

  static List<String> names(byte[] tar) throws IOException {
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) names.add(e.getName());
    }
    return names;
  }

  @Test
  void diff_identicalTrees_writesAnEmptyTar() throws IOException {
    byte[] tar = diff(lower, upper);

    assertThat(names(tar)).isEmpty();
    assertThat(tar).hasSize(1024);
  }

  @Test
  void diff_nullLower_writesEveryEntrySorted() throws IOException {
    byte[] tar = diff(null, upper);

    assertThat(names(tar)).containsExactly("etc/", "etc/a", "etc/b", "etc/c", "etc/l", "etc/sub/", "etc/sub/x",
        "usr/", "usr/bin/", "usr/bin/same", "usr/bin/tool");
  }

  @Test
  void diff_changes_detectsAddedModifiedAndDeleted() throws IOException {
    Files.writeString(upper.resolve("etc/a"), "A"); // content, same size, mtime restored below
    Files.setLastModifiedTime(upper.resolve("etc/a"), Files.getLastModifiedTime(lower.resolve("etc/a")));
    Files.setAttribute(upper.resolve("etc/b"), "unix:mode", 0600); // mode
    Files.setLastModifiedTime(upper.resolve("etc/c"), FileTime.fromMillis(5_000)); // mtime
    Files.delete(upper.resolve("etc/l"));
    Files.createSymbolicLink(upper.resolve("etc/l"), Path.of("b")); // link target
    NodeWriter.deleteTree(upper.resolve("etc/sub")); // deleted dir
    Files.writeString(upper.resolve("usr/bin/new"), "new"); // added
    Files.delete(upper.resolve("usr/bin/tool")); // deleted file
    restoreDirTimes();

    List<String> names = names(diff(lower, upper));

    assertThat(names).as("changes, each after its parent directories").containsExactly("etc/", "etc/a", "etc/b",
        "etc/c", "etc/l", "etc/.wh.sub", "usr/", "usr/bin/", "usr/bin/new", "usr/bin/.wh.tool");
  }

  @Test
  void diff_changedFileInUnchangedDirs_includesParentDirs() throws IOException {
    Files.writeString(upper.resolve("usr/bin/same"), "diff");
    Files.setLastModifiedTime(upper.resolve("usr/bin/same"), Files.getLastModifiedTime(lower.resolve("usr/bin/same")));

    assertThat(names(diff(lower, upper))).containsExactly("usr/", "usr/bin/", "usr/bin/same");
  }

  @Test
  void diff_xattrChange_isDetectedAndWrittenBytesExact() throws IOException {
    byte[] binary = {0, 1, (byte) 0xff, (byte) 0x80, 'z'};
    dev.berth.sys.Libc.lsetxattr(upper.resolve("etc/a"), "user.berth", binary);
    Files.setLastModifiedTime(upper.resolve("etc/a"), Files.getLastModifiedTime(lower.resolve("etc/a")));

    byte[] tar = diff(lower, upper);

    assertThat(names(tar)).containsExactly("etc/", "etc/a");
    String pax = "SCHILY.xattr.user.berth=";
    byte[] expected = new byte[pax.length() + binary.length];
    System.arraycopy(pax.getBytes(StandardCharsets.US_ASCII), 0, expected, 0, pax.length());
    System.arraycopy(binary, 0, expected, pax.length(), binary.length);
    assertThat(indexOf(tar, expected)).as("raw PAX record").isPositive();
  }

  @Test
  void diff_typeChanges_replaceEntries() throws IOException {
    NodeWriter.deleteTree(upper.resolve("etc/sub"));
    Files.writeString(upper.resolve("etc/sub"), "now a file");
    Files.delete(upper.resolve("etc/c"));
    Files.createDirectory(upper.resolve("etc/c"));
    Files.writeString(upper.resolve("etc/c/in"), "in");

    List<String> names = names(diff(lower, upper));

    assertThat(names).containsExactly("etc/", "etc/c/", "etc/c/in", "etc/sub");
  }

  @Test
  void diff_hardlinks_secondBecomesALinkEntry() throws IOException {
    Files.writeString(upper.resolve("usr/h1"), "shared");
    Files.createLink(upper.resolve("usr/h2"), upper.resolve("usr/h1"));

    byte[] tar = diff(lower, upper);

    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      Map<String, TarArchiveEntry> byName = new java.util.HashMap<>();
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) byName.put(e.getName(), e);
      assertThat(byName.get("usr/h2").isLink()).isTrue();
      assertThat(byName.get("usr/h2").getLinkName()).isEqualTo("usr/h1");
    }
  }

  @Test
  void diff_sameInput_isDeterministic() throws IOException {
    Files.writeString(upper.resolve("etc/new"), "n");
    assertThat(diff(lower, upper)).isEqualTo(diff(lower, upper));
  }

  @Test
  void roundTrip_applyDiffApply_reproducesTheTree() throws IOException {
    byte[] change = new TarBuilder().file("etc/.wh.b", "").file("etc/a", "changed a", 0600)
        .file("etc/sub/.wh..wh..opq", "").file("etc/sub/y", "y").symlink("etc/l", "sub/y")
        .dir("opt/" + "long".repeat(40) + "/", 0700).file("opt/" + "long".repeat(40) + "/f", "deep", 04755)
        .file("usr/bin/h1", "h").hardlink("usr/bin/h2", "usr/bin/h1").build();
    apply(change, upper);

    byte[] layer = diff(lower, upper);
    Path rebuilt = Files.createDirectory(tmp.resolve("rebuilt"));
    apply(base, rebuilt);
    ApplyResult r = apply(layer, rebuilt);

    assertThat(Trees.describe(rebuilt)).isEqualTo(Trees.describe(upper));
    assertThat(r.diffId()).isEqualTo(Digest.sha256(layer));
    Path full = Files.createDirectory(tmp.resolve("full"));
    apply(diff(null, upper), full);
    assertThat(Trees.describe(full)).isEqualTo(Trees.describe(upper));
  }

  private void restoreDirTimes() throws IOException {
    for (String d : List.of("etc", "usr", "usr/bin")) {
      Files.setLastModifiedTime(upper.resolve(d), Files.getLastModifiedTime(lower.resolve(d)));
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }
}
