package dev.berth.engine.image;

import dev.berth.engine.Image;
import dev.berth.engine.ImageService;
import dev.berth.engine.events.EventBus;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.image.content.ContentStore;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.StoredImage;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageReference;
import dev.berth.oci.Platform;
import dev.berth.registry.ProgressEvent;
import dev.berth.registry.RegistryAccess;
import dev.berth.registry.RegistryTransport;
import dev.berth.registry.auth.Credential;
import dev.berth.registry.push.PushResult;
import dev.berth.storage.SnapshotInfo;
import dev.berth.storage.Snapshotter;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * The image service over a content store, an image store and a snapshotter. Writers (import, load, tag,
 * save) share a read lock; garbage collection and what runs it (rmi, prune) take the write lock, so that it
 * never sweeps a blob that a concurrent import has written but not yet referenced. An image is put in the
 * image store only after its blobs and snapshots are committed, and removed from it before they are swept:
 * a crash at any moment leaves no reference to missing content.
 */
public final class LocalImageService implements ImageService {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalImageService.class);
  private final ImageStore store;
  private final ContentStore content;
  private final Snapshotter snapshotter;
  private final EventBus events;
  private final ImageArchive archive;
  private final Path scratch;
  private final ImageResolver resolver;
  private final ImageViews views;
  private final SnapshotUnpacker unpacker;
  private final ImageRemover remover;
  private final GarbageCollector gc;
  private final Receiver receiver;
  private final Source source;
  private final ReentrantReadWriteLock gcLock = new ReentrantReadWriteLock();
  private final RegistryAccess registries;
  private final LayerUnpacker applier;
  /** Set by the first pull a caller asks for: the warm-up then stops early rather than compete with it. */
  private final java.util.concurrent.atomic.AtomicBoolean pullAsked = new java.util.concurrent.atomic.AtomicBoolean();
  private RegistryTransport transport;

  /**
   * @param scratch a directory for temporary files of load (for example {@code <dataRoot>/tmp})
   */
  public LocalImageService(ImageStore store, ContentStore content, Snapshotter snapshotter, LayerUnpacker applier,
      ImageArchive archive, EventBus events, Path scratch) {
    this(store, content, snapshotter, applier, archive, events, scratch, RegistryAccess.defaults());
  }

  /**
   * @param registries how pulls reach registries: TLS and insecure-registries options, and the credentials
   *     used when a caller gives none
   */
  public LocalImageService(ImageStore store, ContentStore content, Snapshotter snapshotter, LayerUnpacker applier,
      ImageArchive archive, EventBus events, Path scratch, RegistryAccess registries) {
    this.registries = java.util.Objects.requireNonNull(registries, "registry access");
    this.applier = applier;
    this.store = store;
    this.content = content;
    this.snapshotter = snapshotter;
    this.events = events;
    this.archive = archive;
    this.scratch = scratch;
    this.resolver = new ImageResolver(store);
    this.views = new ImageViews(store, content);
    this.unpacker = new SnapshotUnpacker(content, snapshotter, applier, new KnownLayerSizes(store, views)::size);
    this.remover = new ImageRemover(store, resolver, views, events);
    this.gc = new GarbageCollector(store, content, snapshotter);
    this.receiver = new Receiver(store, content, unpacker, views, events, gcLock.readLock());
    this.source = new Source(resolver, views, content);
  }

  @Override
  public dev.berth.engine.ImageReceiver receiver() {
    return receiver;
  }

  @Override
  public dev.berth.engine.ImageSource source() {
    return source;
  }

  @Override
  public List<Image> list(boolean all) {
    List<StoredImage> images = store.images();
    java.util.Set<Digest> hidden = new java.util.HashSet<>();
    if (!all) {
      images.stream().map(StoredImage::parent).filter(java.util.Objects::nonNull).forEach(hidden::add);
      hidden.removeAll(store.tags().values());
    }
    return images.stream()
        .filter(i -> !hidden.contains(i.id()))
        .sorted(Comparator.comparing(StoredImage::stored).reversed())
        .map(this::viewIfPresent)
        .flatMap(java.util.Optional::stream)
        .toList();
  }

  @Override
  public Image inspect(String nameOrId) {
    StoredImage image = resolver.resolve(nameOrId);
    return viewIfPresent(image).orElseThrow(() -> new NotFoundException("No such image: " + nameOrId));
  }

  /**
   * Readers take no lock, so a concurrent rmi or prune may sweep an image's blobs between reading the store
   * and reading the config: such an image is simply gone. A blob missing from an image still in the store is
   * a real fault and is reported.
   */
  private java.util.Optional<Image> viewIfPresent(StoredImage image) {
    try {
      return java.util.Optional.of(views.view(image));
    } catch (NotFoundException e) {
      if (store.image(image.id()).isPresent()) throw e;
      return java.util.Optional.empty();
    }
  }

  @Override
  public void tag(String source, String target) {
    ImageReference ref = parseReference(target);
    if (ref.digest() != null) {
      throw new InvalidArgumentException("tagging " + source + ": refusing to create a tag with a digest reference: " + target);
    }
    try (var ignored = locked(gcLock.readLock())) {
      Digest id = resolver.resolve(source).id();
      store.tag(ref, id);
      events.publish("image", "tag", id.toString(), Map.of("name", ref.familiar()));
    }
  }

  @Override
  public List<DeleteItem> remove(String nameOrId, boolean force, boolean noPrune) {
    try (var ignored = locked(gcLock.writeLock())) {
      List<DeleteItem> items = new ArrayList<>(remover.remove(nameOrId, force, noPrune));
      if (items.stream().anyMatch(i -> i.deleted() != null)) items.addAll(gc.collect().deleted());
      return items;
    }
  }

  @Override
  public List<HistoryItem> history(String nameOrId) {
    StoredImage image = resolver.resolve(nameOrId);
    return HistoryBuilder.build(image, views.config(image.id()), views.tagsOf(image.id()));
  }

  @Override
  public Image importImage(InputStream rootfsTar, String reference, List<String> changes, String message) {
    ImageReference ref = reference == null || reference.isBlank() ? null : parseReference(reference);
    ImageConfig.ContainerConfig containerConfig = ImportChanges.apply(ImageConfig.ContainerConfig.EMPTY, changes);
    Digest id;
    try (var ignored = locked(gcLock.readLock())) {
      Importer.Imported imported = new Importer(content).write(rootfsTar, containerConfig, message);
      id = imported.manifest().config().digest();
      Digest image = id;
      unpacker.unpack(imported.manifest(), imported.config(), sizes -> {
        store.put(new StoredImage(image, imported.manifestDescriptor(), List.of(), Instant.now(), sizes));
        if (ref != null) store.tag(ref, image);
      });
    }
    events.publish("image", "import", id.toString(), Map.of("name", ref == null ? id.toString() : ref.familiar()));
    return inspect(id.toString());
  }

  @Override
  public Image commit(CommitRequest request) {
    ImageReference ref = request.reference() == null || request.reference().isBlank() ? null : parseReference(request.reference());
    if (ref != null && ref.digest() != null) {
      throw new InvalidArgumentException("commit: refusing to create a tag with a digest reference: " + request.reference());
    }
    ImageConfig.ContainerConfig config = ImportChanges.apply(request.config(), request.changes());
    Digest id;
    try (var ignored = locked(gcLock.readLock())) {
      Committer.Parent parent = request.parent() == null ? null : parent(request.parent());
      Committer.Committed c = new Committer(content, scratch).write(request, config, parent);
      id = c.manifest().config().digest();
      Digest image = id;
      unpacker.unpack(c.manifest(), c.config(), sizes -> {
        store.put(new StoredImage(image, c.manifestDescriptor(), List.of(), Instant.now(), sizes, request.parent()));
        if (ref != null) store.tag(ref, image);
      });
    }
    return inspect(id.toString());
  }

  private Committer.Parent parent(Digest id) {
    StoredImage image = store.image(id).orElseThrow(() -> new NotFoundException("No such image: " + id));
    return new Committer.Parent(views.config(id), views.manifest(image));
  }

  @Override
  public java.util.Optional<byte[]> readFile(String nameOrId, String path, int maxBytes) {
    StoredImage image = resolver.resolve(nameOrId);
    try (var ignored = locked(gcLock.readLock())) {
      return new ImageFileReader(content).read(views.manifest(image), path, maxBytes);
    }
  }

  @Override
  public void save(List<String> names, OutputStream out) {
    try (var ignored = locked(gcLock.readLock())) {
      archive.save(content, new SaveSelection(store, resolver, views).select(names), out);
    }
  }

  @Override
  public List<String> load(InputStream input, Consumer<String> progress) {
    try (var ignored = locked(gcLock.readLock())) {
      return new Loader(store, content, archive, unpacker, views, events, scratch).load(input, progress);
    }
  }

  @Override
  public Image pull(String reference, Platform platform, Credential credential, Consumer<ProgressEvent> progress) {
    pullAsked.set(true);
    ImageReference ref = parseReference(reference);
    Platform wanted = platform == null ? Platform.LINUX_AMD64 : platform;
    Credential given = credential != null ? credential : registries.credentials().lookup(ref.domain());
    Consumer<ProgressEvent> sink = progress == null ? e -> {} : progress;
    Digest id;
    try (var ignored = locked(gcLock.readLock())) {
      id = new Puller(store, content, unpacker, views, events).pull(transport(), ref, wanted, given, sink);
    }
    return inspect(id.toString());
  }

  @Override
  public void login(String registry, Credential credential) {
    dev.berth.registry.RegistryLogin.check(transport(), registry, credential);
  }

  @Override
  public String loginForIdentityToken(String registry, Credential credential) {
    return dev.berth.registry.RegistryLogin.login(transport(), registry, credential);
  }

  @Override
  public PushResult push(String reference, Credential credential, Consumer<ProgressEvent> progress) {
    ImageReference ref = parseReference(reference);
    Credential given = credential != null ? credential : registries.credentials().lookup(ref.domain());
    try (var ignored = locked(gcLock.readLock())) {
      return new Pusher(content, resolver, events).push(transport(), ref, given, progress == null ? e -> {} : progress);
    }
  }

  /**
   * Pulls a made-up image from a stub registry on loopback through this service's transport into a scratch store
   * under the scratch directory, and applies its layers there ({@link PullWarmup}); logs and forgets any failure,
   * since it only costs the first pull its speed.
   */
  @Override
  public void warmUp() {
    long t0 = System.nanoTime();
    try {
      long bytes = new PullWarmup(transport(), applier, scratch.resolve("warmup-" + java.util.UUID.randomUUID()), pullAsked::get).run();
      LOG.info("pull warm-up: {} MB pulled and applied in {} ms", bytes / 1_000_000, (System.nanoTime() - t0) / 1_000_000);
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("pull warm-up failed (the first pull will be slower): {}", e.toString());
    }
  }

  /** One transport (one HTTP client, its connections and TLS setup) for all pulls, made at the first. */
  private synchronized RegistryTransport transport() {
    if (transport == null) transport = new RegistryTransport(registries.options());
    return transport;
  }

  @Override
  public PruneReport prune(boolean all, Map<String, List<String>> filters) {
    PruneFilters parsed = PruneFilters.parse(filters, Instant.now());
    try (var ignored = locked(gcLock.writeLock())) {
      List<DeleteItem> items = new ArrayList<>(remover.prune(all, parsed));
      PruneReport swept = gc.collect();
      items.addAll(swept.deleted());
      long reclaimed = swept.spaceReclaimed();
      events.publish("image", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
      return new PruneReport(items, reclaimed);
    }
  }

  @Override
  public PruneReport collectGarbage() {
    try (var ignored = locked(gcLock.writeLock())) {
      return gc.collect();
    }
  }

  @Override
  public DiskUsage diskUsage() {
    AtomicLong layers = new AtomicLong();
    snapshotter.walk(s -> {
      if (s.kind() == SnapshotInfo.Kind.COMMITTED) layers.addAndGet(snapshotter.usage(s.name()).size());
    });
    return new DiskUsage(list(true), layers.get(), contentSize());
  }

  private long contentSize() {
    AtomicLong total = new AtomicLong();
    content.walk(b -> total.addAndGet(b.size()));
    return total.get();
  }

  private static ImageReference parseReference(String text) {
    try {
      return ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(e.getMessage(), e);
    }
  }

  /** A held lock, released by try-with-resources. */
  private interface Held extends AutoCloseable {
    @Override
    void close();
  }

  private static Held locked(Lock lock) {
    lock.lock();
    return lock::unlock;
  }
}
