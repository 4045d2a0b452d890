package dev.berth.storage.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.storage.Mount;
import dev.berth.storage.Snapshotter;
import dev.berth.storage.SnapshotterConformance;
import dev.berth.sys.Libc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The conformance suite on vfs, where a layer's deletions are real deletions in its full copy. */
class VfsSnapshotterIT extends SnapshotterConformance {
  @Override
  protected Snapshotter open(Path root) {
    return new VfsSnapshotter(root);
  }

  @Override
  protected void whiteout(Path layer, String relPath) throws IOException {
    dev.berth.storage.TreesAccess.delete(layer.resolve(relPath));
  }

  @Override
  protected void opaque(Path layer, String relDir) throws IOException {
    try (Stream<Path> children = Files.list(layer.resolve(relDir))) {
      for (Path child : children.toList()) dev.berth.storage.TreesAccess.delete(child);
    }
  }

  @Test
  void prepareAndView_always_returnOneBindOfTheirOwnCopy() throws IOException {
    layer("l1", null, Map.of("f", "1"));

    List<Mount> active = snapshotter.prepare("c", "l1");
    List<Mount> view = snapshotter.view("v", "l1");

    assertThat(active).singleElement().satisfies(m -> assertThat(m.options()).containsExactly("rbind", "rw"));
    assertThat(view).singleElement().satisfies(m -> assertThat(m.options()).containsExactly("rbind", "ro"));
    assertThat(active.getFirst().source()).isNotEqualTo(view.getFirst().source());
    assertThat(Path.of(active.getFirst().source()).resolve("f")).hasContent("1");
  }

  @Test
  void prepare_onParentWithSpecialFiles_copiesThemFaithfully() throws IOException {
    Path base = writable(snapshotter.prepare("base-key", null));
    Path file = Files.writeString(base.resolve("suid"), "data");
    Files.setOwner(file, base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
    Files.setAttribute(file, "unix:mode", 04750);
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000_000_000L));
    Libc.lsetxattr(file, "user.note", "kept".getBytes(StandardCharsets.UTF_8));
    Files.createLink(base.resolve("hardlink"), file);
    Files.createSymbolicLink(base.resolve("symlink"), Path.of("/nowhere"));
    Libc.mknod(base.resolve("null"), Libc.S_IFCHR | 0666, 1, 3);
    Libc.mknod(base.resolve("fifo"), Libc.S_IFIFO | 0600, 0, 0);
    snapshotter.commit("base", "base-key");

    Path copy = writable(snapshotter.prepare("c1", "base"));

    Path copied = copy.resolve("suid");
    assertThat(copied).hasContent("data");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copied))).isEqualTo("rwxr-x---");
    assertThat((Integer) Files.getAttribute(copied, "unix:mode") & 07777).isEqualTo(04750);
    assertThat(Files.getOwner(copied).getName()).isEqualTo("nobody");
    assertThat(Files.getLastModifiedTime(copied).toMillis()).isEqualTo(1_000_000_000_000L);
    assertThat(Libc.lgetxattr(copied, "user.note")).isEqualTo("kept".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.isSameFile(copied, copy.resolve("hardlink"))).isTrue();
    assertThat(Files.isSameFile(copied, base.resolve("suid"))).isFalse();
    assertThat(Files.readSymbolicLink(copy.resolve("symlink"))).isEqualTo(Path.of("/nowhere"));
    assertThat((Integer) Files.getAttribute(copy.resolve("null"), "unix:mode") & 0170000).isEqualTo(Libc.S_IFCHR);
    assertThat((Long) Files.getAttribute(copy.resolve("null"), "unix:rdev")).isEqualTo(Libc.makedev(1, 3));
    assertThat((Integer) Files.getAttribute(copy.resolve("fifo"), "unix:mode") & 0170000).isEqualTo(Libc.S_IFIFO);
  }
}
