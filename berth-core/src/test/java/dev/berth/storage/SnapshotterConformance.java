package dev.berth.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.InvalidStateException;
import dev.berth.errors.NotFoundException;
import dev.berth.image.layer.LayerApplier;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every storage driver must show, run against each one by a subclass ({@code OverlaySnapshotterIT},
 * {@code VfsSnapshotterIT}). It mounts for real, so it needs root. Every mount it makes is unmounted and every
 * directory deleted after each test, whether the test passed or not.
 */
public abstract class SnapshotterConformance {
  private Path scratch;
  private final List<Path> mounted = new ArrayList<>();
  protected Path root;
  protected Snapshotter snapshotter;

  /** Opens the driver under test with its state in {@code root}. */
  protected abstract Snapshotter open(Path root);

  /** Marks {@code relPath} deleted in an active snapshot's writable directory, as this driver's layers do. */
  protected abstract void whiteout(Path layer, String relPath) throws IOException;

  /** Makes directory {@code relDir} of an active snapshot's writable directory hide what lower layers hold. */
  protected abstract void opaque(Path layer, String relDir) throws IOException;

  @BeforeEach
  void openDriver() throws IOException {
    scratch = Files.createTempDirectory("berth-snapshots-");
    root = scratch.resolve("root");
    snapshotter = open(root);
  }

  @AfterEach
  void cleanUp() throws IOException {
    try {
      for (Path target : mounted.reversed()) Mounter.unmount(target);
      mounted.clear();
    } finally {
      if (snapshotter != null) snapshotter.close();
      Trees.delete(scratch);
    }
  }

  // --- prepare -------------------------------------------------------------------------------------------------

  @Test
  void prepare_withoutParent_mountsEmptyWritableDirectory() throws IOException {
    Path mnt = mount(snapshotter.prepare("c1", null));

    assertThat(list(mnt)).isEmpty();
    Files.writeString(mnt.resolve("hello"), "world");
    assertThat(Files.readString(mnt.resolve("hello"))).isEqualTo("world");
    assertThat(snapshotter.stat("c1")).hasValueSatisfying(i -> {
      assertThat(i.kind()).isEqualTo(SnapshotInfo.Kind.ACTIVE);
      assertThat(i.parent()).isNull();
    });
  }

  @Test
  void prepare_onCommittedParent_showsParentAndKeepsParentUnchanged() throws IOException {
    layer("base", null, Map.of("etc/os-release", "berth"));

    Path mnt = mount(snapshotter.prepare("c1", "base"));
    assertThat(Files.readString(mnt.resolve("etc/os-release"))).isEqualTo("berth");
    Files.writeString(mnt.resolve("etc/os-release"), "changed");
    Files.writeString(mnt.resolve("new"), "x");

    Path view = mount(snapshotter.view("v1", "base"));
    assertThat(Files.readString(view.resolve("etc/os-release"))).isEqualTo("berth");
    assertThat(view.resolve("new")).doesNotExist();
  }

  @Test
  void prepare_existingKey_throwsConflict() {
    snapshotter.prepare("c1", null);

    assertThatThrownBy(() -> snapshotter.prepare("c1", null))
        .isInstanceOf(ConflictException.class).hasMessageContaining("c1");
  }

  @Test
  void prepare_keyOfCommittedSnapshot_throwsConflict() throws IOException {
    layer("base", null, Map.of());

    assertThatThrownBy(() -> snapshotter.prepare("base", null)).isInstanceOf(ConflictException.class);
  }

  @Test
  void prepare_unknownParent_throwsNotFoundAndLeavesNothing() throws IOException {
    Set<String> before = tree(root);

    assertThatThrownBy(() -> snapshotter.prepare("c1", "nope"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("nope");
    assertThat(snapshotter.stat("c1")).isEmpty();
    assertThat(tree(root)).isEqualTo(before);
    assertThat(all()).isEmpty();
  }

  @Test
  void prepare_activeParent_throwsInvalidArgument() {
    snapshotter.prepare("c1", null);

    assertThatThrownBy(() -> snapshotter.prepare("c2", "c1"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("not committed");
    assertThat(snapshotter.stat("c2")).isEmpty();
  }

  @Test
  void prepare_emptyKey_throwsInvalidArgument() {
    assertThatThrownBy(() -> snapshotter.prepare("", null)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> snapshotter.prepare(null, null)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void prepare_concurrentlyWithDistinctKeys_createsEverySnapshot() throws Exception {
    layer("base", null, Map.of("f", "1"));
    Set<List<Mount>> results = ConcurrentHashMap.newKeySet();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String key = "c" + i;
        futures.add(pool.submit(() -> results.add(snapshotter.prepare(key, "base"))));
      }
      for (Future<?> f : futures) f.get();
    }

    assertThat(results).hasSize(16);
    assertThat(all()).hasSize(17);
  }

  // --- view ----------------------------------------------------------------------------------------------------

  @Test
  void view_ofParent_isReadOnly() throws IOException {
    layer("base", null, Map.of("f", "1"));

    Path mnt = mount(snapshotter.view("v1", "base"));

    assertThat(Files.readString(mnt.resolve("f"))).isEqualTo("1");
    assertThatThrownBy(() -> Files.writeString(mnt.resolve("g"), "x")).isInstanceOf(IOException.class);
    assertThat(snapshotter.stat("v1").orElseThrow().kind()).isEqualTo(SnapshotInfo.Kind.VIEW);
  }

  @Test
  void view_ofStack_showsEveryLayerReadOnly() throws IOException {
    layer("l1", null, Map.of("a", "1"));
    layer("l2", "l1", Map.of("b", "2"));
    layer("l3", "l2", Map.of("c", "3", "a", "overridden"));

    Path mnt = mount(snapshotter.view("v1", "l3"));

    assertThat(list(mnt)).containsExactly("a", "b", "c");
    assertThat(Files.readString(mnt.resolve("a"))).isEqualTo("overridden");
    assertThatThrownBy(() -> Files.writeString(mnt.resolve("d"), "x")).isInstanceOf(IOException.class);
  }

  // --- commit --------------------------------------------------------------------------------------------------

  @Test
  void commit_active_replacesKeyByName() throws IOException {
    layer("base", null, Map.of("f", "1"));

    assertThat(snapshotter.stat("base-key")).isEmpty();
    SnapshotInfo info = snapshotter.stat("base").orElseThrow();
    assertThat(info.kind()).isEqualTo(SnapshotInfo.Kind.COMMITTED);
    assertThat(info.name()).isEqualTo("base");
  }

  @Test
  void commit_view_throwsInvalidState() throws IOException {
    layer("base", null, Map.of());
    snapshotter.view("v1", "base");

    assertThatThrownBy(() -> snapshotter.commit("x", "v1"))
        .isInstanceOf(InvalidStateException.class).hasMessageContaining("view");
    assertThat(snapshotter.stat("x")).isEmpty();
    assertThat(snapshotter.stat("v1")).isPresent();
  }

  @Test
  void commit_unknownKey_throwsNotFound() {
    assertThatThrownBy(() -> snapshotter.commit("x", "nope")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void commit_committedSnapshot_throwsInvalidState() throws IOException {
    layer("base", null, Map.of());

    assertThatThrownBy(() -> snapshotter.commit("again", "base")).isInstanceOf(InvalidStateException.class);
  }

  @Test
  void commit_existingName_throwsConflict() throws IOException {
    layer("base", null, Map.of());
    snapshotter.prepare("c1", "base");

    assertThatThrownBy(() -> snapshotter.commit("base", "c1")).isInstanceOf(ConflictException.class);
    assertThat(snapshotter.stat("c1").orElseThrow().kind()).isEqualTo(SnapshotInfo.Kind.ACTIVE);
  }

  @Test
  void commit_whileMounted_throwsConflict() throws IOException {
    Path mnt = mount(snapshotter.prepare("c1", null));

    assertThatThrownBy(() -> snapshotter.commit("l1", "c1"))
        .isInstanceOf(ConflictException.class).hasMessageContaining(mnt.toString());
    unmount(mnt);
    snapshotter.commit("l1", "c1");
    assertThat(snapshotter.stat("l1")).isPresent();
  }

  // --- mounts --------------------------------------------------------------------------------------------------

  @Test
  void mounts_ofActive_equalsWhatPrepareReturned() throws IOException {
    layer("base", null, Map.of());
    List<Mount> prepared = snapshotter.prepare("c1", "base");
    List<Mount> viewed = snapshotter.view("v1", "base");

    assertThat(snapshotter.mounts("c1")).isEqualTo(prepared);
    assertThat(snapshotter.mounts("v1")).isEqualTo(viewed);
  }

  @Test
  void mounts_ofCommittedOrUnknown_throws() throws IOException {
    layer("base", null, Map.of());

    assertThatThrownBy(() -> snapshotter.mounts("base")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> snapshotter.mounts("nope")).isInstanceOf(NotFoundException.class);
  }

  // --- remove --------------------------------------------------------------------------------------------------

  @Test
  void remove_committedWithChildren_throwsConflictUntilChildrenAreGone() throws IOException {
    layer("base", null, Map.of("f", "1"));
    snapshotter.prepare("c1", "base");

    assertThatThrownBy(() -> snapshotter.remove("base"))
        .isInstanceOf(ConflictException.class).hasMessageContaining("c1");
    assertThat(Files.readString(mount(snapshotter.view("v1", "base")).resolve("f"))).isEqualTo("1");

    unmount(mounted.getLast());
    snapshotter.remove("v1");
    snapshotter.remove("c1");
    snapshotter.remove("base");
    assertThat(all()).isEmpty();
    assertThat(list(root.resolve("snapshots"))).isEmpty();
  }

  @Test
  void remove_activeWhileMounted_throwsConflictAndKeepsContent() throws IOException {
    layer("base", null, Map.of("f", "1"));
    Path mnt = mount(snapshotter.prepare("c1", "base"));
    Files.writeString(mnt.resolve("mine"), "data");

    assertThatThrownBy(() -> snapshotter.remove("c1"))
        .isInstanceOf(ConflictException.class).hasMessageContaining("unmount");
    assertThat(Files.readString(mnt.resolve("mine"))).isEqualTo("data");
    assertThat(snapshotter.stat("c1")).isPresent();

    unmount(mnt);
    snapshotter.remove("c1");
    assertThat(snapshotter.stat("c1")).isEmpty();
    assertThat(list(root.resolve("snapshots"))).hasSize(1);
  }

  @Test
  void remove_unknownKey_throwsNotFound() {
    assertThatThrownBy(() -> snapshotter.remove("nope"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("nope");
  }

  // --- walk and usage ------------------------------------------------------------------------------------------

  @Test
  void walk_afterSeveralOperations_visitsEverySnapshot() throws IOException {
    layer("l1", null, Map.of());
    layer("l2", "l1", Map.of());
    snapshotter.prepare("c1", "l2");
    snapshotter.view("v1", "l1");

    List<SnapshotInfo> seen = all();

    assertThat(seen).extracting(SnapshotInfo::name).containsExactlyInAnyOrder("l1", "l2", "c1", "v1");
    assertThat(seen).filteredOn(i -> i.name().equals("l2")).singleElement()
        .satisfies(i -> assertThat(i.parent()).isEqualTo("l1"));
    assertThat(seen).filteredOn(i -> i.name().equals("c1")).singleElement()
        .satisfies(i -> assertThat(i.kind()).isEqualTo(SnapshotInfo.Kind.ACTIVE));
  }

  @Test
  void usage_afterWritingFile_growsByItsSizeAndOneInode() throws IOException {
    Path mnt = mount(snapshotter.prepare("c1", null));
    Usage before = snapshotter.usage("c1");

    byte[] data = new byte[1 << 20];
    new java.util.Random(1).nextBytes(data);
    Files.write(mnt.resolve("blob"), data);
    Usage after = snapshotter.usage("c1");

    assertThat(after.size() - before.size()).isBetween(1L << 20, (1L << 20) + 64 * 1024);
    assertThat(after.inodes() - before.inodes()).isEqualTo(1);
    assertThatThrownBy(() -> snapshotter.usage("nope")).isInstanceOf(NotFoundException.class);
  }

  // --- deep stacks, whiteouts ----------------------------------------------------------------------------------

  @Test
  void prepare_on128StackedLayers_topMountShowsEveryLayer() throws IOException {
    String parent = null;
    for (int i = 1; i <= 128; i++) {
      String key = "layer-" + i + "-key";
      Path dir = writable(snapshotter.prepare(key, parent));
      Files.writeString(dir.resolve("file-" + i), Integer.toString(i));
      snapshotter.commit("layer-" + i, key);
      parent = "layer-" + i;
    }

    Path mnt = mount(snapshotter.prepare("container", parent));

    try (Stream<Path> files = Files.list(mnt)) {
      assertThat(files.count()).isEqualTo(128);
    }
    for (int i = 1; i <= 128; i++) {
      assertThat(Files.readString(mnt.resolve("file-" + i))).isEqualTo(Integer.toString(i));
    }
    Files.writeString(mnt.resolve("file-1"), "rewritten");
    assertThat(Files.readString(mnt.resolve("file-1"))).isEqualTo("rewritten");
  }

  @Test
  void whiteoutsAndOpaqueDirectories_inUpperLayer_hideLowerFiles() throws IOException {
    layer("base", null, Map.of("gone", "1", "kept", "2", "dir/x", "3", "dir/y", "4", "other/z", "5"));
    Path upper = writable(snapshotter.prepare("change", "base"));
    whiteout(upper, "gone");
    whiteout(upper, "other");
    opaque(upper, "dir");
    Files.writeString(upper.resolve("dir/fresh"), "6");
    snapshotter.commit("changed", "change");

    Path mnt = mount(snapshotter.prepare("c1", "changed"));

    assertThat(list(mnt)).containsExactly("dir", "kept");
    assertThat(list(mnt.resolve("dir"))).containsExactly("fresh");
    Path view = mount(snapshotter.view("v1", "changed"));
    assertThat(list(view)).containsExactly("dir", "kept");
  }

  @Test
  void layerApplier_layersWithWhiteoutsAndOpaqueDirectory_giveTheMergedView() throws IOException {
    byte[] base = tar("dir/", "dir/x", "dir/y", "gone", "kept", "other/", "other/z");
    byte[] change = tar(".wh.gone", ".wh.other", "dir/", "dir/.wh..wh..opq", "dir/fresh");
    LayerApplier.applyToMounts(new ByteArrayInputStream(base), snapshotter.prepare("base-key", null));
    snapshotter.commit("base", "base-key");
    LayerApplier.applyToMounts(new ByteArrayInputStream(change), snapshotter.prepare("change-key", "base"));
    snapshotter.commit("changed", "change-key");

    Path mnt = mount(snapshotter.prepare("c1", "changed"));

    assertThat(list(mnt)).containsExactly("dir", "kept");
    assertThat(list(mnt.resolve("dir"))).containsExactly("fresh");
    assertThat(mnt.resolve("dir/fresh")).hasContent("dir/fresh");
  }

  // --- persistence and lifecycle -------------------------------------------------------------------------------

  @Test
  void open_afterClose_keepsSnapshotsAndContent() throws IOException {
    layer("base", null, Map.of("f", "base"));
    Path mnt = mount(snapshotter.prepare("c1", "base"));
    Files.writeString(mnt.resolve("g"), "mine");
    unmount(mnt);
    List<Mount> before = snapshotter.mounts("c1");
    snapshotter.close();

    snapshotter = open(root);

    assertThat(all()).extracting(SnapshotInfo::name).containsExactlyInAnyOrder("base", "c1");
    assertThat(snapshotter.mounts("c1")).isEqualTo(before);
    Path again = mount(snapshotter.mounts("c1"));
    assertThat(Files.readString(again.resolve("f"))).isEqualTo("base");
    assertThat(Files.readString(again.resolve("g"))).isEqualTo("mine");
    assertThat(snapshotter.prepare("c2", "base")).isNotEqualTo(before);
  }

  @Test
  void open_withOrphanedDirectory_deletesIt() throws IOException {
    layer("base", null, Map.of("f", "1"));
    snapshotter.close();
    Path orphan = root.resolve("snapshots").resolve("9999");
    Files.createDirectories(orphan.resolve("fs"));
    Files.writeString(orphan.resolve("fs/junk"), "x");

    snapshotter = open(root);

    assertThat(orphan).doesNotExist();
    assertThat(snapshotter.stat("base")).isPresent();
  }

  @Test
  void open_rootInUse_throwsConflict() {
    assertThatThrownBy(() -> open(root)).isInstanceOf(ConflictException.class).hasMessageContaining("in use");
  }

  @Test
  void anyCall_afterClose_throwsInvalidState() {
    snapshotter.close();

    assertThatThrownBy(() -> snapshotter.prepare("c1", null)).isInstanceOf(InvalidStateException.class);
    assertThatThrownBy(() -> snapshotter.walk(i -> {})).isInstanceOf(InvalidStateException.class);
  }

  @Test
  void name_isTheDriverName() {
    assertThat(snapshotter.name()).isIn(Snapshotters.NAMES);
    try (Snapshotter other = Snapshotters.open(snapshotter.name(), scratch.resolve("other"))) {
      assertThat(other.getClass()).isEqualTo(snapshotter.getClass());
    }
  }

  // --- helpers -------------------------------------------------------------------------------------------------

  /** Makes committed snapshot {@code name} on {@code parent} holding {@code files}, written through a mount. */
  protected void layer(String name, String parent, Map<String, String> files) throws IOException {
    String key = name + "-key";
    Path mnt = mount(snapshotter.prepare(key, parent));
    for (var e : files.entrySet()) {
      Path f = mnt.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.writeString(f, e.getValue());
    }
    unmount(mnt);
    snapshotter.commit(name, key);
  }

  protected Path mount(List<Mount> mounts) throws IOException {
    Path target = scratch.resolve("mnt-" + mounted.size() + "-" + System.nanoTime());
    Files.createDirectories(target);
    Mounter.mount(mounts, target);
    mounted.add(target);
    return target;
  }

  protected void unmount(Path target) {
    Mounter.unmount(target);
    mounted.remove(target);
  }

  /** The directory an active snapshot's changes land in: a bind's source, or an overlay's upperdir. */
  protected static Path writable(List<Mount> mounts) {
    Mount m = mounts.getLast();
    if (m.type().equals("bind")) return Path.of(m.source());
    return m.options().stream().filter(o -> o.startsWith("upperdir=")).map(o -> Path.of(o.substring(9)))
        .findFirst().orElseThrow(() -> new AssertionError("no upperdir in " + m));
  }

  protected List<SnapshotInfo> all() {
    List<SnapshotInfo> out = new ArrayList<>();
    snapshotter.walk(out::add);
    return out;
  }

  protected static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** A layer tar: names ending in "/" are directories, others files holding their own name. */
  private static byte[] tar(String... names) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      for (String name : names) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        byte[] data = name.endsWith("/") ? new byte[0] : name.getBytes(StandardCharsets.UTF_8);
        e.setMode(name.endsWith("/") ? 040755 : 0100644);
        e.setSize(data.length);
        out.putArchiveEntry(e);
        out.write(data);
        out.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static Set<String> tree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(Path::toString).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }
}
