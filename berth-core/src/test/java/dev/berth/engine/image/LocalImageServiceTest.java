package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.Image;
import dev.berth.engine.ImageService.DeleteItem;
import dev.berth.engine.ImageService.HistoryItem;
import dev.berth.engine.ImageService.PruneReport;
import dev.berth.engine.events.Event;
import dev.berth.engine.events.EventBus;
import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.image.content.LocalContentStore;
import dev.berth.image.store.JsonImageStore;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.Json;
import dev.berth.oci.Manifest;
import dev.berth.oci.MediaTypes;
import dev.berth.storage.SnapshotInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalImageServiceTest {
  @TempDir Path root;

  private LocalContentStore content;
  private JsonImageStore store;
  private FakeSnapshotter snapshotter;
  private LocalImageService service;
  private final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() throws Exception {
    Files.createDirectories(root.resolve("snaps"));
    content = LocalContentStore.open(root.resolve("content"));
    store = JsonImageStore.open(root.resolve("images"));
    snapshotter = new FakeSnapshotter(root.resolve("snaps"));
    EventBus bus = new EventBus();
    bus.subscribe(-1, e -> true, events::add);
    service = new LocalImageService(store, content, snapshotter, EngineArchive.LAYER_APPLIER, new EngineArchive(), bus, root.resolve("tmp"));
  }

  private Image importTar(byte[] tar, String ref, String... changes) {
    return service.importImage(new ByteArrayInputStream(tar), ref, List.of(changes), null);
  }

  private static byte[] tar(String name, String text) {
    return Tars.of(Map.of(name, text));
  }

  private List<String> actions() {
    return events.stream().map(e -> e.action() + " " + e.attributes().getOrDefault("name", "")).toList();
  }

  @Test
  void importImage_plainTar_writesOciImageWithOneUncompressedLayerAndItsSnapshot() {
    byte[] tar = tar("etc/hello", "hi");
    Image image = importTar(tar, "example/app:1");

    Manifest manifest = Json.read(content.read(image.manifest().digest()), Manifest.class);
    assertThat(image.manifest().mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(manifest.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(manifest.config().mediaType()).isEqualTo(MediaTypes.OCI_CONFIG);
    assertThat(manifest.layers()).singleElement().satisfies(l -> {
      assertThat(l.mediaType()).isEqualTo(MediaTypes.OCI_LAYER);
      assertThat(l.digest()).isEqualTo(Digest.sha256(tar));
    });
    ImageConfig config = image.config();
    assertThat(config.architecture()).isEqualTo("amd64");
    assertThat(config.os()).isEqualTo("linux");
    assertThat(config.diffIds()).containsExactly(Digest.sha256(tar));
    assertThat(config.history()).singleElement().satisfies(h -> {
      assertThat(h.createdBy()).isNull();
      assertThat(h.comment()).isEqualTo("Imported from -");
    });
    assertThat(new String(content.read(manifest.config().digest()), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("created_by");
    assertThat(Instant.parse(config.created())).isBeforeOrEqualTo(Instant.now());
    assertThat(image.id()).isEqualTo(manifest.config().digest());
    assertThat(image.tags()).extracting(Object::toString).containsExactly("docker.io/example/app:1");
    assertThat(image.size()).isEqualTo(tar.length);
    assertThat(snapshotter.stat(Digest.sha256(tar).toString())).get()
        .extracting(SnapshotInfo::kind).isEqualTo(SnapshotInfo.Kind.COMMITTED);
    assertThat(actions()).containsExactly("import example/app:1");
  }

  @Test
  void importImage_gzipAndZstd_storeTheUncompressedTarAsTheLayer() {
    byte[] plain = tar("a", "compressed");
    Image gz = importTar(Tars.gzip(plain), "gz");
    Image zst = importTar(Tars.zstd(plain), "zst");

    for (Image image : List.of(gz, zst)) {
      assertThat(image.config().diffIds()).containsExactly(Digest.sha256(plain));
      Manifest manifest = Json.read(content.read(image.manifest().digest()), Manifest.class);
      assertThat(manifest.layers().getFirst().digest()).isEqualTo(Digest.sha256(plain));
      assertThat(manifest.layers().getFirst().mediaType()).isEqualTo(MediaTypes.OCI_LAYER);
    }
  }

  @Test
  void importImage_changes_setTheContainerConfig() {
    Image image = importTar(tar("a", "x"), null, "CMD echo hi", "ENTRYPOINT [\"/init\"]", "ENV A=1 B=\"two words\"",
        "WORKDIR /srv", "EXPOSE 80 53/udp", "LABEL app=web", "USER nobody", "VOLUME /data");

    ImageConfig.ContainerConfig c = image.config().config();
    assertThat(c.cmd()).containsExactly("/bin/sh", "-c", "echo hi");
    assertThat(c.entrypoint()).containsExactly("/init");
    assertThat(c.env()).containsExactly("A=1", "B=two words");
    assertThat(c.workingDir()).isEqualTo("/srv");
    assertThat(c.exposedPorts()).containsOnlyKeys("80/tcp", "53/udp");
    assertThat(c.labels()).containsEntry("app", "web");
    assertThat(c.user()).isEqualTo("nobody");
    assertThat(c.volumes()).containsOnlyKeys("/data");
    assertThat(image.tags()).isEmpty();
  }

  @Test
  void importImage_badChange_isRefusedBeforeAnythingIsStored() {
    assertThatThrownBy(() -> importTar(tar("a", "x"), "app", "RUN rm -rf /"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("RUN rm -rf /")
        .hasMessageContaining("not a valid change command");
    assertThat(store.images()).isEmpty();
    List<Digest> blobs = new ArrayList<>();
    content.walk(b -> blobs.add(b.digest()));
    assertThat(blobs).isEmpty();
  }

  @Test
  void importImage_malformedTar_isInvalidArgumentAndLeavesNoImageOrActiveSnapshot() {
    byte[] garbage = new byte[1024];
    java.util.Arrays.fill(garbage, (byte) 'x');

    assertThatThrownBy(() -> importTar(garbage, "bad")).isInstanceOf(InvalidArgumentException.class);

    assertThat(store.images()).isEmpty();
    assertThat(store.tags()).isEmpty();
    List<SnapshotInfo> snaps = new ArrayList<>();
    snapshotter.walk(snaps::add);
    assertThat(snaps).isEmpty();
  }

  @Test
  void importImage_emptyInput_isInvalidArgument() {
    assertThatThrownBy(() -> importTar(new byte[0], "empty"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("empty");
  }

  @Test
  void importImage_badReference_isInvalidArgument() {
    assertThatThrownBy(() -> importTar(tar("a", "x"), "UPPER/Case"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid reference format");
  }

  @Test
  void tag_existingTag_movesTheTagAndLeavesTheOldImageDangling() {
    Image first = importTar(tar("a", "1"), "app");
    Image second = importTar(tar("a", "2"), null);

    service.tag(second.id().shortId(), "app");

    assertThat(service.inspect("app").id()).isEqualTo(second.id());
    assertThat(service.inspect(first.id().toString()).dangling()).isTrue();
    assertThat(actions()).contains("tag app:latest");
  }

  @Test
  void tag_unknownSource_isNotFound() {
    assertThatThrownBy(() -> service.tag("nothing", "other"))
        .isInstanceOf(NotFoundException.class).hasMessage("No such image: nothing:latest");
  }

  @Test
  void inspect_nameIdAndPrefixForms_resolveTheSameImage() {
    Image image = importTar(tar("a", "x"), "busybox");

    for (String name : List.of("busybox", "busybox:latest", "docker.io/library/busybox:latest", image.id().toString(),
        image.id().encoded(), image.id().shortId(), "sha256:" + image.id().encoded().substring(0, 5),
        "busybox@" + image.manifest().digest())) {
      assertThat(service.inspect(name).id()).as(name).isEqualTo(image.id());
    }
    assertThatThrownBy(() -> service.inspect("other@" + image.manifest().digest())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void remove_tagOfImageWithOtherTags_onlyUntags() {
    Image image = importTar(tar("a", "x"), "app:1");
    service.tag("app:1", "app:2");

    List<DeleteItem> items = service.remove("app:1", false, false);

    assertThat(items).containsExactly(new DeleteItem("app:1", null));
    assertThat(service.inspect(image.id().toString()).tags()).extracting(Object::toString).containsExactly("docker.io/library/app:2");
  }

  @Test
  void remove_lastTag_deletesImageBlobsAndSnapshots() {
    Image image = importTar(tar("a", "x"), "app");
    Digest chain = image.config().diffIds().getFirst();

    List<DeleteItem> items = service.remove("app", false, false);

    assertThat(items).containsExactly(new DeleteItem("app:latest", null), new DeleteItem(null, image.id().toString()),
        new DeleteItem(null, chain.toString()));
    assertThatThrownBy(() -> service.inspect(image.id().toString())).isInstanceOf(NotFoundException.class);
    assertThat(content.exists(image.manifest().digest())).isFalse();
    assertThat(content.exists(chain)).isFalse();
    assertThat(snapshotter.stat(chain.toString())).isEmpty();
    assertThat(actions()).contains("untag app:latest", "delete " + image.id());
  }

  @Test
  void remove_idWithTagsInSeveralRepositories_needsForce() {
    Image image = importTar(tar("a", "x"), "one");
    service.tag("one", "two");

    assertThatThrownBy(() -> service.remove(image.id().shortId(), false, false))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("unable to delete " + image.id().shortId() + " (must be forced)");
    List<DeleteItem> items = service.remove(image.id().shortId(), true, false);

    assertThat(items).contains(new DeleteItem("one:latest", null), new DeleteItem("two:latest", null),
        new DeleteItem(null, image.id().toString()));
    assertThat(store.images()).isEmpty();
  }

  @Test
  void remove_idWithTagsInOneRepository_untagsAllWithoutForce() {
    Image image = importTar(tar("a", "x"), "app:1");
    service.tag("app:1", "app:2");

    List<DeleteItem> items = service.remove(image.id().toString(), false, false);

    assertThat(items).contains(new DeleteItem("app:1", null), new DeleteItem("app:2", null), new DeleteItem(null, image.id().toString()));
  }

  @Test
  void remove_sharedLayer_keepsTheSnapshotAnotherImageNeeds() {
    byte[] same = tar("a", "shared");
    Image one = importTar(same, "one", "CMD one");
    Image two = importTar(same, "two", "CMD two");

    service.remove("one", false, false);

    Digest chain = two.config().diffIds().getFirst();
    assertThat(one.config().diffIds().getFirst()).isEqualTo(chain);
    assertThat(snapshotter.stat(chain.toString())).isPresent();
    assertThat(content.exists(chain)).isTrue();
    assertThat(service.inspect("two").size()).isEqualTo(same.length);
  }

  @Test
  void remove_unknown_isNotFound() {
    assertThatThrownBy(() -> service.remove("ghost", false, false))
        .isInstanceOf(NotFoundException.class).hasMessage("No such image: ghost:latest");
  }

  @Test
  void history_importedImage_showsOneRowWithIdTagsSizeAndComment() {
    byte[] tar = tar("a", "x");
    Image image = service.importImage(new ByteArrayInputStream(tar), "app", List.of(), "my message");

    List<HistoryItem> rows = service.history("app");

    assertThat(rows).singleElement().satisfies(r -> {
      assertThat(r.id()).isEqualTo(image.id().toString());
      assertThat(r.tags()).containsExactly("app:latest");
      assertThat(r.size()).isEqualTo(tar.length);
      assertThat(r.comment()).isEqualTo("my message");
      assertThat(r.createdBy()).isEmpty();
      assertThat(r.created()).isEqualTo(Instant.parse(image.config().created()).getEpochSecond());
    });
  }

  @Test
  void prune_dangling_removesOnlyUntaggedImagesAndTheirContent() {
    Image kept = importTar(tar("a", "kept"), "kept");
    Image dangling = importTar(tar("a", "gone"), null);

    PruneReport report = service.prune(false, Map.of());

    assertThat(report.deleted()).contains(new DeleteItem(null, dangling.id().toString()));
    assertThat(report.spaceReclaimed()).isPositive();
    assertThat(store.image(dangling.id())).isEmpty();
    assertThat(store.image(kept.id())).isPresent();
    assertThat(content.exists(dangling.config().diffIds().getFirst())).isFalse();
    assertThat(actions()).anyMatch(a -> a.startsWith("prune"));
  }

  @Test
  void prune_allWithLabelFilter_removesTaggedImagesThatMatch() {
    importTar(tar("a", "1"), "web", "LABEL tier=web");
    importTar(tar("a", "2"), "db", "LABEL tier=db");

    PruneReport report = service.prune(true, Map.of("label", List.of("tier=web")));

    assertThat(report.deleted()).contains(new DeleteItem("web:latest", null));
    assertThat(store.tags().keySet()).extracting(Object::toString).containsExactly("docker.io/library/db:latest");
  }

  @Test
  void prune_untilInThePast_keepsNewImages() {
    importTar(tar("a", "1"), null);

    PruneReport report = service.prune(false, Map.of("until", List.of("1h")));

    assertThat(report.deleted()).isEmpty();
    assertThat(store.images()).hasSize(1);
  }

  @Test
  void prune_unknownFilter_isInvalidArgument() {
    assertThatThrownBy(() -> service.prune(false, Map.of("colour", List.of("red"))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid filter 'colour'");
  }

  @Test
  void collectGarbage_removesUnreferencedBlobsSnapshotsAndExtractLeftovers() {
    Image image = importTar(tar("a", "x"), "app");
    Digest stray = content.write("stray".getBytes()).digest();
    snapshotter.prepare("extract-crashed-sha256:abc", null);
    snapshotter.prepare("orphan-active", null);
    snapshotter.commit("sha256:" + "0".repeat(64), "orphan-active");

    PruneReport report = service.collectGarbage();

    assertThat(content.exists(stray)).isFalse();
    assertThat(snapshotter.stat("extract-crashed-sha256:abc")).isEmpty();
    assertThat(snapshotter.stat("sha256:" + "0".repeat(64))).isEmpty();
    assertThat(report.deleted()).containsExactly(new DeleteItem(null, "sha256:" + "0".repeat(64)));
    assertThat(content.exists(image.manifest().digest())).isTrue();
    assertThat(snapshotter.stat(image.config().diffIds().getFirst().toString())).isPresent();
  }

  @Test
  void collectGarbage_concurrentImports_neverLosesABlobAnImageReferences() throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 8; i++) {
      int n = i;
      threads.add(Thread.ofVirtual().start(() -> {
        try {
          importTar(tar("f", "content " + n), "app" + n);
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
    }
    for (int i = 0; i < 20; i++) service.collectGarbage();
    for (Thread t : threads) t.join();
    service.collectGarbage();

    assertThat(failures).isEmpty();
    assertThat(store.images()).hasSize(8);
    store.images().forEach(i -> {
      Manifest m = Json.read(content.read(i.manifest().digest()), Manifest.class);
      assertThat(content.exists(m.config().digest())).isTrue();
      m.layers().forEach(l -> assertThat(content.exists(l.digest())).isTrue());
    });
  }

  @Test
  void list_imageSweptAfterTheStoreWasRead_isLeftOutInsteadOfFailing() {
    Image kept = importTar(tar("a", "kept"), "kept");
    importTar(tar("a", "gone"), null);
    StaleImageStore stale = new StaleImageStore(store);
    LocalImageService reader = new LocalImageService(stale, content, snapshotter, EngineArchive.LAYER_APPLIER,
        new EngineArchive(), new EventBus(), root.resolve("tmp"));
    stale.freeze();

    service.prune(false, Map.of());

    assertThat(reader.list(true)).extracting(Image::id).containsExactly(kept.id());
  }

  /** An image store whose image list lags behind, as a reader's does while a prune runs. */
  private static final class StaleImageStore implements dev.berth.image.store.ImageStore {
    private final dev.berth.image.store.ImageStore delegate;
    private List<dev.berth.image.store.StoredImage> frozen;

    StaleImageStore(dev.berth.image.store.ImageStore delegate) {
      this.delegate = delegate;
    }

    void freeze() {
      frozen = delegate.images();
    }

    @Override
    public List<dev.berth.image.store.StoredImage> images() {
      return frozen != null ? frozen : delegate.images();
    }

    @Override
    public java.util.Optional<dev.berth.image.store.StoredImage> image(Digest id) {
      return delegate.image(id);
    }

    @Override
    public void put(dev.berth.image.store.StoredImage image) {
      delegate.put(image);
    }

    @Override
    public void remove(Digest id) {
      delegate.remove(id);
    }

    @Override
    public Map<dev.berth.oci.ImageReference, Digest> tags() {
      return delegate.tags();
    }

    @Override
    public java.util.Optional<Digest> tag(dev.berth.oci.ImageReference reference, Digest id) {
      return delegate.tag(reference, id);
    }

    @Override
    public boolean untag(dev.berth.oci.ImageReference reference) {
      return delegate.untag(reference);
    }
  }

  @Test
  void saveThenLoad_roundTripsTheImageAndItsTag() {
    Image image = importTar(tar("etc/motd", "saved"), "app:v1", "CMD [\"/bin/true\"]");
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    service.save(List.of("app:v1"), archive);
    service.remove("app:v1", false, false);
    assertThat(store.images()).isEmpty();

    List<String> progress = new ArrayList<>();
    List<String> lines = service.load(new ByteArrayInputStream(archive.toByteArray()), progress::add);

    assertThat(lines).containsExactly("Loaded image: app:v1");
    Image loaded = service.inspect("app:v1");
    assertThat(loaded.id()).isEqualTo(image.id());
    assertThat(loaded.config().config().cmd()).containsExactly("/bin/true");
    assertThat(snapshotter.stat(image.config().diffIds().getFirst().toString())).isPresent();
    assertThat(actions()).contains("load app:v1");
    assertThat(root.resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void diskUsage_countsImagesLayersAndContent() {
    importTar(tar("a", "12345"), "app");

    var usage = service.diskUsage();

    assertThat(usage.images()).hasSize(1);
    assertThat(usage.layersSize()).isEqualTo(5);
    assertThat(usage.contentSize()).isPositive();
  }
}
