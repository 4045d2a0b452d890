package dev.berth.cli.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

class RootfsTarTest {
  static byte[] write(List<RootfsEntry> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RootfsTar.write(entries, out);
    return out.toByteArray();
  }

  static List<TarArchiveEntry> read(byte[] tar) throws IOException {
    List<TarArchiveEntry> entries = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) entries.add(e);
    }
    return entries;
  }

  final List<RootfsEntry> entries = List.of(
      new RootfsEntry.File("etc/passwd", 0644, "root:x:0:0::/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8)),
      new RootfsEntry.Directory("tmp", 01777),
      new RootfsEntry.Symlink("bin/sh", "busybox"),
      new RootfsEntry.Directory("etc", 0755),
      new RootfsEntry.Directory("bin", 0755));

  @Test
  void write_anyInputOrder_givesIdenticalBytes() throws IOException {
    List<RootfsEntry> shuffled = new ArrayList<>(entries);
    Collections.shuffle(shuffled, new java.util.Random(3));
    assertThat(write(shuffled)).isEqualTo(write(entries));
  }

  @Test
  void write_entries_sortedWithRootOwnerAndFixedTime() throws IOException {
    List<TarArchiveEntry> read = read(write(entries));
    assertThat(read).extracting(TarArchiveEntry::getName).containsExactly("bin/", "bin/sh", "etc/", "etc/passwd", "tmp/");
    assertThat(read).allSatisfy(e -> {
      assertThat(e.getLongUserId()).isZero();
      assertThat(e.getLongGroupId()).isZero();
      assertThat(e.getModTime().getTime()).isZero();
    });
  }

  @Test
  void write_kinds_keepModesAndTargets() throws IOException {
    List<TarArchiveEntry> read = read(write(entries));
    TarArchiveEntry sh = read.get(1);
    assertThat(sh.isSymbolicLink()).isTrue();
    assertThat(sh.getLinkName()).isEqualTo("busybox");
    assertThat(read.get(3).getMode() & 07777).isEqualTo(0644);
    assertThat(read.get(3).getSize()).isEqualTo(26);
    assertThat(read.get(4).isDirectory()).isTrue();
    assertThat(read.get(4).getMode() & 07777).isEqualTo(01777);
  }

  @Test
  void write_duplicatePath_isRejected() {
    assertThatThrownBy(() -> write(List.of(new RootfsEntry.Directory("a", 0755), new RootfsEntry.Directory("a", 0700))))
        .hasMessageContaining("duplicate entry a");
  }

  @Test
  void entry_escapingPath_isRejected() {
    assertThatThrownBy(() -> new RootfsEntry.Symlink("bin/../../x", "y")).hasMessageContaining("bad path component");
    assertThatThrownBy(() -> new RootfsEntry.Directory("/abs", 0755)).hasMessageContaining("must be relative");
  }
}
