package dev.berth.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.InvalidStateException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.oci.Digest;
import dev.berth.runtime.state.ContainerState;
import dev.berth.runtime.state.Status;
import dev.berth.runtime.state.Transitions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskContainerStoreTest {
  private static final Digest IMAGE = Digest.parse("sha256:" + "ab".repeat(32));
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path root;

  private static ContainerId id(String prefix) {
    return new ContainerId(prefix + "0".repeat(64 - prefix.length()));
  }

  private static Container container(ContainerId id, String name, Instant created) {
    ContainerConfig config = ContainerConfig.of(BasicConfig.of("busybox").withCmd(List.of("sleep", "60")))
        .withRestartPolicy(RestartPolicy.parse("on-failure:2"));
    return Container.newContainer(id, name, created, IMAGE, config);
  }

  private Path containers() {
    return root.resolve("containers");
  }

  @Test
  void add_thenReopen_loadsEqualContainer() {
    DiskContainerStore store = DiskContainerStore.open(root);
    Container c = store.add(container(id("a1"), "web", T0));
    assertThat(Files.exists(containers().resolve(c.id().hex()).resolve("config.json"))).isTrue();
    assertThat(Files.exists(containers().resolve(c.id().hex()).resolve("state.json"))).isTrue();
    assertThat(DiskContainerStore.open(root).get(c.id())).contains(c);
  }

  @Test
  void add_initNetworkModeAndVolumesFrom_surviveReopen() {
    DiskContainerStore store = DiskContainerStore.open(root);
    Container base = container(id("a2"), "withopts", T0);
    ContainerConfig c = base.config();
    ContainerConfig config = new ContainerConfig(c.basic(),
        new StorageConfig(null, List.of("/v"), null, true, List.of("home:ro")), c.security(), c.resources(),
        c.restartPolicy(), c.log(), false, true, "none");
    Container added = store.add(Container.newContainer(base.id(), base.name(), T0, IMAGE, config));
    Container loaded = DiskContainerStore.open(root).get(added.id()).orElseThrow();
    assertThat(loaded.config().init()).isTrue();
    assertThat(loaded.config().networkMode()).isEqualTo("none");
    assertThat(loaded.config().storage().volumesFrom()).containsExactly("home:ro");
    assertThat(loaded).isEqualTo(added);
  }

  @Test
  void add_nameTaken_throwsDockerConflict() {
    DiskContainerStore store = DiskContainerStore.open(root);
    ContainerId first = store.add(container(id("a1"), "web", T0)).id();
    assertThatThrownBy(() -> store.add(container(id("b2"), "/web", T0)))
        .isInstanceOf(ConflictException.class)
        .hasMessageStartingWith("Conflict. The container name \"/web\" is already in use by container \"" + first.hex() + "\"");
    assertThat(store.list()).hasSize(1);
    assertThat(Files.exists(containers().resolve(id("b2").hex()))).isFalse();
  }

  @Test
  void add_idTaken_throwsConflict() {
    DiskContainerStore store = DiskContainerStore.open(root);
    store.add(container(id("a1"), "web", T0));
    assertThatThrownBy(() -> store.add(container(id("a1"), "other", T0))).isInstanceOf(ConflictException.class);
  }

  @Test
  void add_writeFails_leavesNothingAndNameFree() throws Exception {
    DiskContainerStore store = DiskContainerStore.open(root);
    ContainerId id = id("c3");
    Files.writeString(containers().resolve(".creating-" + id.hex()), "in the way");
    assertThatThrownBy(() -> store.add(container(id, "web", T0))).isInstanceOf(SystemException.class).hasMessageContaining("/web");
    assertThat(store.get(id)).isEmpty();
    assertThat(store.nameInUse("web")).isFalse();
    assertThat(Files.exists(containers().resolve(id.hex()))).isFalse();
  }

  @Test
  void lookup_byIdNameOrUniquePrefix_findsContainer() {
    DiskContainerStore store = DiskContainerStore.open(root);
    Container web = store.add(container(id("a1b2"), "web", T0));
    store.add(container(id("a1c3"), "db", T0));
    assertThat(store.lookup(web.id().hex())).isEqualTo(web);
    assertThat(store.lookup("web")).isEqualTo(web);
    assertThat(store.lookup("/web")).isEqualTo(web);
    assertThat(store.lookup("a1b")).isEqualTo(web);
  }

  @Test
  void lookup_ambiguousPrefix_throwsInvalidArgument() {
    DiskContainerStore store = DiskContainerStore.open(root);
    store.add(container(id("a1b2"), "web", T0));
    store.add(container(id("a1c3"), "db", T0));
    assertThatThrownBy(() -> store.lookup("a1"))
        .isInstanceOf(InvalidArgumentException.class).hasMessage("Multiple IDs found with provided prefix: a1");
  }

  @Test
  void lookup_unknown_throwsNoSuchContainer() {
    DiskContainerStore store = DiskContainerStore.open(root);
    store.add(container(id("a1"), "web", T0));
    assertThatThrownBy(() -> store.lookup("nope")).isInstanceOf(NotFoundException.class).hasMessage("No such container: nope");
    assertThatThrownBy(() -> store.lookup("ff")).isInstanceOf(NotFoundException.class).hasMessage("No such container: ff");
    assertThatThrownBy(() -> store.lookup("")).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void lookup_nameLooksLikeOtherPrefix_nameWins() {
    DiskContainerStore store = DiskContainerStore.open(root);
    store.add(container(id("beef"), "web", T0));
    Container named = store.add(container(id("c0"), "beef", T0));
    assertThat(store.lookup("beef")).isEqualTo(named);
  }

  @Test
  void list_manyContainers_newestFirst() {
    DiskContainerStore store = DiskContainerStore.open(root);
    store.add(container(id("a1"), "old", T0));
    store.add(container(id("b1"), "new", T0.plusSeconds(60)));
    store.add(container(id("c1"), "mid", T0.plusSeconds(30)));
    assertThat(store.list()).extracting(Container::name).containsExactly("/new", "/mid", "/old");
  }

  @Test
  void update_state_persistsAcrossReopen() {
    DiskContainerStore store = DiskContainerStore.open(root);
    Container c = store.add(container(id("a1"), "web", T0));
    String who = c.describe();
    store.update(c.id(), x -> x.withState(Transitions.start(who, x.state(), 4242, T0.plusSeconds(1))));
    Container exited = store.update(c.id(), x -> x.withState(Transitions.exited(who, x.state(), 137, T0.plusSeconds(9), true, null))
        .withManuallyStopped(true).withRestartCount(1));
    Container loaded = DiskContainerStore.open(root).get(c.id()).orElseThrow();
    assertThat(loaded).isEqualTo(exited);
    assertThat(loaded.state()).isEqualTo(new ContainerState.Exited(137, T0.plusSeconds(1), T0.plusSeconds(9), true, null));
  }

  @Test
  void update_illegalTransition_leavesStateUnchangedOnDiskAndInMemory() {
    DiskContainerStore store = DiskContainerStore.open(root);
    Container c = store.add(container(id("a1"), "web", T0));
    assertThatThrownBy(() -> store.update(c.id(), x -> x.withState(Transitions.pause(c.describe(), x.state()))))
        .isInstanceOf(InvalidStateException.class).hasMessageContaining("from created to paused");
    assertThat(store.get(c.id())).contains(c);
    assertThat(DiskContainerStore.open(root).get(c.id())).contains(c);
  }

  @Test
  void update_changingConfigOrName_throws() {
    DiskContainerStore store = DiskContainerStore.open(root);
    Container c = store.add(container(id("a1"), "web", T0));
    assertThatThrownBy(() -> store.update(c.id(), x -> x.withName("/other"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.lookup("web")).isEqualTo(c);
  }

  @Test
  void update_unknown_throwsNotFound() {
    DiskContainerStore store = DiskContainerStore.open(root);
    assertThatThrownBy(() -> store.update(id("a1"), x -> x)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void rename_keepsNameIndexConsistentAcrossReopen() {
    DiskContainerStore store = DiskContainerStore.open(root);
    Container c = store.add(container(id("a1"), "web", T0));
    Container renamed = store.rename(c.id(), "frontend");
    assertThat(renamed.name()).isEqualTo("/frontend");
    assertThat(store.nameInUse("web")).isFalse();
    assertThat(store.lookup("frontend")).isEqualTo(renamed);
    store.add(container(id("b1"), "web", T0));
    DiskContainerStore reopened = DiskContainerStore.open(root);
    assertThat(reopened.lookup("frontend").id()).isEqualTo(c.id());
    assertThat(reopened.lookup("web").id()).isEqualTo(id("b1"));
  }

  @Test
  void rename_toTakenOrSameName_throwsConflict() {
    DiskContainerStore store = DiskContainerStore.open(root);
    Container web = store.add(container(id("a1"), "web", T0));
    store.add(container(id("b1"), "db", T0));
    assertThatThrownBy(() -> store.rename(web.id(), "db")).isInstanceOf(ConflictException.class).hasMessageContaining("\"/db\"");
    assertThatThrownBy(() -> store.rename(web.id(), "web")).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> store.rename(web.id(), "-bad")).isInstanceOf(InvalidArgumentException.class);
    assertThat(store.lookup("web")).isEqualTo(web);
  }

  @Test
  void remove_deletesFilesAndFreesName() {
    DiskContainerStore store = DiskContainerStore.open(root);
    Container c = store.add(container(id("a1"), "web", T0));
    store.remove(c.id());
    assertThat(store.get(c.id())).isEmpty();
    assertThat(store.nameInUse("web")).isFalse();
    assertThat(containers()).isEmptyDirectory();
    assertThatThrownBy(() -> store.lookup("web")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> store.remove(c.id())).isInstanceOf(NotFoundException.class).hasMessageContaining(c.id().hex());
    assertThat(DiskContainerStore.open(root).list()).isEmpty();
  }

  @Test
  void open_containerFoundRunning_needsReconcileUntilMarked() {
    DiskContainerStore store = DiskContainerStore.open(root);
    Container running = store.add(container(id("a1"), "web", T0));
    store.update(running.id(), x -> x.withState(new ContainerState.Running(99, T0)));
    store.add(container(id("b1"), "idle", T0));
    Container paused = store.add(container(id("c1"), "frozen", T0.plusSeconds(1)));
    store.update(paused.id(), x -> x.withState(new ContainerState.Paused(98, T0)));
    assertThat(store.needingReconcile()).isEmpty();

    DiskContainerStore reopened = DiskContainerStore.open(root);
    assertThat(reopened.needingReconcile()).extracting(Container::name).containsExactly("/web", "/frozen");
    reopened.reconciled(running.id());
    reopened.update(paused.id(), x -> x.withState(Transitions.exited(x.describe(), x.state(), 137, T0.plusSeconds(5), false, null)));
    assertThat(reopened.needingReconcile()).isEmpty();
  }

  @Test
  void open_leftoversFromCrash_deletedAndUnreadableSkipped() throws Exception {
    DiskContainerStore store = DiskContainerStore.open(root);
    Container good = store.add(container(id("a1"), "web", T0));
    Path creating = Files.createDirectories(containers().resolve(".creating-" + id("b1").hex()));
    Files.writeString(creating.resolve("state.json"), "{}");
    Path tmp = containers().resolve(good.id().hex()).resolve(".tmp-state.json-x");
    Files.writeString(tmp, "half");
    Path broken = Files.createDirectories(containers().resolve(id("c1").hex()));
    Files.writeString(broken.resolve("config.json"), "{not json", StandardCharsets.UTF_8);

    DiskContainerStore reopened = DiskContainerStore.open(root);
    assertThat(reopened.list()).containsExactly(good);
    assertThat(creating).doesNotExist();
    assertThat(tmp).doesNotExist();
    assertThat(broken.resolve("config.json")).exists();
  }

  @Test
  void add_concurrentSameName_exactlyOneWins() throws Exception {
    DiskContainerStore store = DiskContainerStore.open(root);
    AtomicInteger conflicts = new AtomicInteger();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        futures.add(pool.submit(() -> {
          try {
            store.add(container(ContainerId.random(), "web", T0));
          } catch (ConflictException e) {
            conflicts.incrementAndGet();
          }
        }));
      }
      for (Future<?> f : futures) f.get();
    }
    assertThat(conflicts.get()).isEqualTo(15);
    assertThat(DiskContainerStore.open(root).list()).hasSize(1);
  }

  @Test
  void update_concurrentIncrements_noneLost() throws Exception {
    DiskContainerStore store = DiskContainerStore.open(root);
    Container c = store.add(container(id("a1"), "web", T0));
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        futures.add(pool.submit(() -> store.update(c.id(), x -> x.withRestartCount(x.restartCount() + 1))));
      }
      for (Future<?> f : futures) f.get();
    }
    assertThat(store.get(c.id()).orElseThrow().restartCount()).isEqualTo(20);
    assertThat(DiskContainerStore.open(root).get(c.id()).orElseThrow().restartCount()).isEqualTo(20);
  }

  @Test
  void removing_stateWithPrevious_roundTripsAndNeedsReconcile() {
    DiskContainerStore store = DiskContainerStore.open(root);
    Container c = store.add(container(id("a1"), "web", T0));
    store.update(c.id(), x -> x.withState(Transitions.beginRemoval(x.describe(), x.state())));
    DiskContainerStore reopened = DiskContainerStore.open(root);
    assertThat(reopened.get(c.id()).orElseThrow().state()).isEqualTo(new ContainerState.Removing(ContainerState.Created.fresh()));
    assertThat(reopened.needingReconcile()).extracting(x -> x.state().status()).containsExactly(Status.REMOVING);
  }
}
