package dev.berth.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.ContainerService.PruneReport;
import dev.berth.engine.Volume;
import dev.berth.engine.events.Event;
import dev.berth.engine.events.EventBus;
import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local volume service on a temp dir, with a fake usedBy and a fake mounter. */
class LocalVolumeServiceTest {
  @TempDir Path tmp;
  Path root;
  EventBus events;
  List<Event> seen;
  Map<String, List<String>> users;
  FakeMounter mounter;
  LocalVolumeService volumes;

  @BeforeEach
  void open() {
    root = tmp.resolve("volumes");
    events = new EventBus();
    seen = new CopyOnWriteArrayList<>();
    events.subscribe(-1, e -> e.type().equals("volume"), seen::add);
    users = new HashMap<>();
    mounter = new FakeMounter();
    volumes = reopen();
  }

  LocalVolumeService reopen() {
    return new LocalVolumeService(root, events, n -> users.getOrDefault(n, List.of()), mounter);
  }

  List<String> actions() {
    return seen.stream().map(e -> e.action() + " " + e.actorId()).toList();
  }

  @Test
  void create_named_makesDataDirRecordAndEvent() throws Exception {
    Volume v = volumes.create("web-data", null, Map.of(), Map.of("team", "core"));
    assertThat(v.name()).isEqualTo("web-data");
    assertThat(v.driver()).isEqualTo("local");
    assertThat(v.mountpoint()).isEqualTo(root.resolve("web-data/_data"));
    assertThat(v.mountpoint()).isDirectory();
    assertThat(root.resolve("web-data/volume.json")).isRegularFile();
    assertThat(v.labels()).containsExactly(Map.entry("team", "core"));
    assertThat(v.anonymous()).isFalse();
    assertThat(actions()).containsExactly("create web-data");
    assertThat(seen.getFirst().attributes()).containsEntry("driver", "local");
  }

  @Test
  void create_existingName_returnsItUnchangedWithoutEvent() {
    Volume first = volumes.create("data", "local", Map.of(), Map.of("a", "1"));
    Volume again = volumes.create("data", "", Map.of(), Map.of("b", "2"));
    assertThat(again.createdAt()).isEqualTo(first.createdAt());
    assertThat(again.labels()).containsExactly(Map.entry("a", "1"));
    assertThat(actions()).containsExactly("create data");
  }

  @Test
  void create_anonymous_gets64HexNameAndLabel() {
    Volume v = volumes.create(null, null, Map.of(), Map.of());
    assertThat(v.name()).matches("[0-9a-f]{64}");
    assertThat(v.anonymous()).isTrue();
    assertThat(v.labels()).containsKey(LocalVolumeService.ANONYMOUS_LABEL);
    assertThat(volumes.create(null, null, Map.of(), Map.of()).name()).isNotEqualTo(v.name());
  }

  @Test
  void create_badNames_areRefusedWithDockersMessage() {
    assertThatThrownBy(() -> volumes.create("a", null, Map.of(), Map.of()))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("volume name is too short");
    for (String bad : List.of("../x", "a/b", ".hidden", "-x", "has space", "_x")) {
      assertThatThrownBy(() -> volumes.create(bad, null, Map.of(), Map.of()))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed");
    }
    assertThat(root).isEmptyDirectory();
  }

  @Test
  void create_unknownDriver_isRefused() {
    assertThatThrownBy(() -> volumes.create("data", "nfs-plugin", Map.of(), Map.of()))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("plugin \"nfs-plugin\" not found");
  }

  @Test
  void create_badOptions_areRefusedAndLeaveNothing() {
    assertThatThrownBy(() -> volumes.create("data", null, Map.of("colour", "red"), Map.of()))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid option: \"colour\"");
    assertThatThrownBy(() -> volumes.create("data", null, Map.of("type", "tmpfs"), Map.of()))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("missing required option: \"device\"");
    assertThatThrownBy(() -> volumes.create("data", null, Map.of("o", "size=1m"), Map.of()))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("missing required option");
    assertThat(root).isEmptyDirectory();
    assertThat(actions()).isEmpty();
  }

  @Test
  void inspect_missing_isNotFound() {
    assertThatThrownBy(() -> volumes.inspect("nope")).isInstanceOf(NotFoundException.class).hasMessage("get nope: no such volume");
  }

  @Test
  void reopen_keepsVolumesAndClearsCrashLeftovers() throws Exception {
    volumes.create("kept", null, Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=1m"), Map.of("k", "v"));
    Files.createDirectories(root.resolve("half/_data")); // a create that crashed before its record
    Files.createDirectories(root.resolve(".removing-old-123/_data/x"));
    LocalVolumeService again = reopen();
    Volume v = again.inspect("kept");
    assertThat(v.labels()).containsEntry("k", "v");
    assertThat(v.options()).containsEntry("o", "size=1m");
    assertThat(again.list(Map.of())).extracting(Volume::name).containsExactly("kept");
    assertThat(root.resolve("half")).doesNotExist();
    assertThat(root.resolve(".removing-old-123")).doesNotExist();
  }

  @Test
  void list_filtersByNameLabelDriverAndDangling() {
    volumes.create("web-data", null, Map.of(), Map.of("team", "web"));
    volumes.create("db-data", null, Map.of(), Map.of("team", "db", "backup", ""));
    volumes.create("cache", null, Map.of(), Map.of());
    users.put("db-data", List.of("c1"));
    assertThat(names(Map.of())).containsExactly("cache", "db-data", "web-data");
    assertThat(names(Map.of("name", List.of("data")))).containsExactly("db-data", "web-data");
    assertThat(names(Map.of("name", List.of("^web")))).containsExactly("web-data");
    assertThat(names(Map.of("label", List.of("team")))).containsExactly("db-data", "web-data");
    assertThat(names(Map.of("label", List.of("team=db", "backup")))).containsExactly("db-data");
    assertThat(names(Map.of("dangling", List.of("true")))).containsExactly("cache", "web-data");
    assertThat(names(Map.of("dangling", List.of("false")))).containsExactly("db-data");
    assertThat(names(Map.of("driver", List.of("local")))).hasSize(3);
    assertThat(names(Map.of("driver", List.of("other")))).isEmpty();
    assertThat(volumes.inspect("db-data").usedBy()).containsExactly("c1");
  }

  @Test
  void list_unknownFilterOrBadBoolean_isRefused() {
    assertThatThrownBy(() -> volumes.list(Map.of("colour", List.of("x")))).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid filter 'colour'");
    assertThatThrownBy(() -> volumes.list(Map.of("dangling", List.of("maybe")))).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("dangling=maybe");
  }

  private List<String> names(Map<String, List<String>> filters) {
    return volumes.list(filters).stream().map(Volume::name).toList();
  }

  @Test
  void remove_unused_deletesDataAndPublishesDestroy() throws Exception {
    Volume v = volumes.create("data", null, Map.of(), Map.of());
    Files.writeString(v.mountpoint().resolve("file"), "x");
    volumes.remove("data", false);
    assertThat(root.resolve("data")).doesNotExist();
    assertThat(root).isEmptyDirectory();
    assertThat(actions()).containsExactly("create data", "destroy data");
    assertThatThrownBy(() -> volumes.inspect("data")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void remove_inUse_isConflictNamingContainersAndKeepsData() {
    volumes.create("data", null, Map.of(), Map.of());
    users.put("data", List.of("aaa", "bbb"));
    assertThatThrownBy(() -> volumes.remove("data", true))
        .isInstanceOf(ConflictException.class).hasMessage("remove data: volume is in use - [aaa bbb]");
    assertThat(root.resolve("data/_data")).isDirectory();
  }

  @Test
  void remove_missing_isNotFoundUnlessForced() {
    assertThatThrownBy(() -> volumes.remove("nope", false)).isInstanceOf(NotFoundException.class).hasMessage("get nope: no such volume");
    volumes.remove("nope", true);
  }

  @Test
  void prune_default_removesOnlyUnusedAnonymousAndReportsBytes() throws Exception {
    Volume anon = volumes.create(null, null, Map.of(), Map.of());
    Volume busy = volumes.create(null, null, Map.of(), Map.of());
    volumes.create("named", null, Map.of(), Map.of());
    Files.write(anon.mountpoint().resolve("f"), new byte[1000]);
    Files.createDirectory(anon.mountpoint().resolve("d"));
    Files.write(anon.mountpoint().resolve("d/g"), new byte[24]);
    Files.createLink(anon.mountpoint().resolve("d/h"), anon.mountpoint().resolve("d/g")); // counted once
    users.put(busy.name(), List.of("c1"));
    PruneReport report = volumes.prune(false, Map.of());
    assertThat(report.deleted()).containsExactly(anon.name());
    assertThat(report.spaceReclaimed()).isEqualTo(1024);
    assertThat(names(Map.of())).containsExactlyInAnyOrder(busy.name(), "named");
    assertThat(actions()).contains("destroy " + anon.name(), "prune ");
  }

  @Test
  void prune_all_removesUnusedNamedTooAndHonoursLabelFilters() {
    volumes.create("keep", null, Map.of(), Map.of("keep", "yes"));
    volumes.create("tmp1", null, Map.of(), Map.of("stage", "tmp"));
    volumes.create("tmp2", null, Map.of(), Map.of());
    assertThat(volumes.prune(true, Map.of("label!", List.of("keep=yes"))).deleted()).containsExactly("tmp1", "tmp2");
    assertThat(names(Map.of())).containsExactly("keep");
    volumes.create("x1", null, Map.of(), Map.of("stage", "tmp"));
    volumes.create("x2", null, Map.of(), Map.of());
    assertThat(volumes.prune(false, Map.of("all", List.of("true"), "label", List.of("stage=tmp"))).deleted()).containsExactly("x1");
    assertThatThrownBy(() -> volumes.prune(false, Map.of("until", List.of("1h")))).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid filter 'until'");
  }

  @Test
  void mount_plainVolume_countsAsUseWithoutMounting() {
    volumes.create("data", null, Map.of(), Map.of());
    Path p = volumes.mount("data", "c1");
    assertThat(p).isEqualTo(root.resolve("data/_data"));
    assertThat(mounter.calls).isEmpty();
    assertThatThrownBy(() -> volumes.remove("data", false)).isInstanceOf(ConflictException.class).hasMessageContaining("[c1]");
    volumes.unmount("data", "c1");
    volumes.remove("data", false);
    assertThat(actions()).containsExactly("create data", "mount data", "unmount data", "destroy data");
  }

  @Test
  void mount_optionVolume_mountsOnFirstUserAndUnmountsAfterLast() {
    volumes.create("scratch", null, Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=64m,uid=1000,noexec"), Map.of());
    volumes.mount("scratch", "c1");
    volumes.mount("scratch", "c2");
    volumes.mount("scratch", "c1");
    assertThat(mounter.calls).containsExactly("mount tmpfs tmpfs flags=8 data=size=64m,uid=1000 on " + root.resolve("scratch/_data"));
    volumes.unmount("scratch", "c1");
    assertThat(mounter.calls).hasSize(1);
    volumes.unmount("scratch", "c2");
    volumes.unmount("scratch", "c2");
    assertThat(mounter.calls).last().isEqualTo("unmount " + root.resolve("scratch/_data"));
    assertThat(mounter.mounted).isEmpty();
  }

  @Test
  void mount_bindWithReadOnly_passesBindFlags() {
    volumes.create("host", null, Map.of("type", "none", "device", "/srv/data", "o", "bind,ro"), Map.of());
    volumes.mount("host", "c1");
    assertThat(mounter.calls).containsExactly("mount /srv/data none flags=4097 data=null on " + root.resolve("host/_data"));
  }

  @Test
  void remove_stillMountedAfterRestart_unmountsBeforeDeleting() {
    volumes.create("scratch", null, Map.of("type", "tmpfs", "device", "tmpfs"), Map.of());
    volumes.mount("scratch", "c1");
    LocalVolumeService restarted = reopen(); // the mount outlived the daemon; no container claims it now
    restarted.remove("scratch", false);
    assertThat(mounter.calls).last().isEqualTo("unmount " + root.resolve("scratch/_data"));
    assertThat(root.resolve("scratch")).doesNotExist();
  }

  @Test
  void mount_failing_takesNoReferenceAndSeedingStillWaitsForAMount() {
    volumes.create("scratch", null, Map.of("type", "tmpfs", "device", "tmpfs"), Map.of());
    mounter.fail = true;
    assertThatThrownBy(() -> volumes.mount("scratch", "c1"))
        .isInstanceOf(dev.berth.errors.SystemException.class).hasMessageContaining("mount volume scratch").hasMessageContaining("No such device");
    assertThat(volumes.inspect("scratch").usedBy()).isEmpty();
    assertThatThrownBy(() -> volumes.seedIfEmpty("scratch", tmp)).isInstanceOf(ConflictException.class).hasMessageContaining("mount it for a container first");
    mounter.fail = false;
    volumes.mount("scratch", "c1");
    assertThat(mounter.mounted).containsExactly(root.resolve("scratch/_data"));
  }

  @Test
  void usedBy_callingBackIntoTheService_doesNotRecurse() {
    java.util.concurrent.atomic.AtomicReference<LocalVolumeService> self = new java.util.concurrent.atomic.AtomicReference<>();
    LocalVolumeService loopy = new LocalVolumeService(root, events, n -> {
      self.get().inspect(n); // as a container view listing its mounts would
      return List.of("c1");
    }, mounter);
    self.set(loopy);
    loopy.create("data", null, Map.of(), Map.of());
    assertThat(loopy.inspect("data").usedBy()).containsExactly("c1");
    assertThat(loopy.list(Map.of("dangling", List.of("false")))).hasSize(1);
    assertThatThrownBy(() -> loopy.remove("data", false)).isInstanceOf(ConflictException.class);
  }

  @Test
  void size_countsFileBytes() throws Exception {
    Volume v = volumes.create("data", null, Map.of(), Map.of());
    Files.write(v.mountpoint().resolve("f"), new byte[300]);
    assertThat(volumes.size("data")).isEqualTo(300);
  }

  /** Records calls and keeps a set of "mounted" paths, as the kernel's table would. */
  static final class FakeMounter implements VolumeMounter {
    final List<String> calls = new ArrayList<>();
    final java.util.Set<Path> mounted = new java.util.HashSet<>();
    boolean fail;

    @Override
    public void mount(LocalOptions o, Path target) throws java.io.IOException {
      if (fail) throw new java.io.IOException("mount: No such device");
      calls.add("mount " + o.device() + " " + o.fsType() + " flags=" + o.flags() + " data=" + o.data() + " on " + target);
      mounted.add(target);
    }

    @Override
    public void unmount(Path target) {
      calls.add("unmount " + target);
      mounted.remove(target);
    }

    @Override
    public boolean isMountPoint(Path path) {
      return mounted.contains(path);
    }
  }
}
