package dev.berth.engine.volume;

import dev.berth.engine.ContainerService.PruneReport;
import dev.berth.engine.Volume;
import dev.berth.engine.VolumeService;
import dev.berth.engine.events.EventBus;
import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Volumes with the local driver, under {@code <data-root>/volumes}. One lock owns the records and the mount
 * references; the long jobs (seeding, deleting a tree) run under it too, so two containers starting on one new
 * volume cannot both seed it.
 *
 * <p>Which containers use a volume comes from the engine's container store through {@code usedBy}. That
 * function is called without this service's lock held, so it may take the engine's own locks. It should read
 * the container store directly; if it calls back into this service (a container view inspecting its volumes),
 * the inner call does not ask the engine again, so there is no endless recursion. The containers that {@link #mount} a volume count as users too.
 */
public final class LocalVolumeService implements VolumeService {
  public static final String DRIVER = "local";
  /** The label dockerd (23.0 and later) puts on anonymous volumes; prune reads it through the record's flag. */
  public static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";

  private final VolumeStore store;
  private final EventBus events;
  private final Function<String, List<String>> usedBy;
  private final VolumeMounter mounter;
  private final Object lock = new Object();
  private final Map<String, VolumeRecord> volumes = new TreeMap<>();
  private final Map<String, Set<String>> mountedBy = new TreeMap<>();
  private final ThreadLocal<Boolean> askingEngine = ThreadLocal.withInitial(() -> false);

  LocalVolumeService(Path root, EventBus events, Function<String, List<String>> usedBy, VolumeMounter mounter) {
    this.store = new VolumeStore(root);
    this.events = events;
    this.usedBy = usedBy;
    this.mounter = mounter;
    try {
      for (VolumeRecord r : store.load()) volumes.put(r.name(), r);
    } catch (IOException e) {
      throw new SystemException("opening the volumes at " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens the volumes under {@code root} ({@code <data-root>/volumes}), creating it if needed and clearing what
   * a crash left.
   *
   * @param usedBy volume name to the IDs of the containers that reference it, from the container store
   */
  public static LocalVolumeService open(Path root, EventBus events, Function<String, List<String>> usedBy) {
    return new LocalVolumeService(root, events, usedBy, VolumeMounter.KERNEL);
  }

  @Override
  public Volume create(String name, String driver, Map<String, String> driverOpts, Map<String, String> labels) {
    String d = driver == null || driver.isBlank() ? DRIVER : driver;
    boolean anonymous = name == null || name.isBlank();
    String n = anonymous ? VolumeNames.anonymous() : VolumeNames.check(name);
    if (!d.equals(DRIVER)) {
      throw new InvalidArgumentException("create " + n + ": error looking up volume plugin " + d + ": plugin \"" + d + "\" not found (only the local driver exists)");
    }
    Map<String, String> opts = driverOpts == null ? Map.of() : driverOpts;
    Map<String, String> allLabels = new LinkedHashMap<>(labels == null ? Map.of() : labels);
    if (anonymous) allLabels.put(ANONYMOUS_LABEL, "");
    VolumeRecord existing;
    synchronized (lock) {
      existing = volumes.get(n);
      if (existing == null) return createNew(n, opts, allLabels, anonymous);
    }
    return view(existing, users(n)); // usedBy is never called under the lock
  }

  private Volume createNew(String n, Map<String, String> opts, Map<String, String> allLabels, boolean anonymous) {
    synchronized (lock) {
      LocalOptions.parse(opts);
      String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      VolumeRecord record = new VolumeRecord(n, DRIVER, created, allLabels, opts, anonymous, false);
      try {
        store.create(record);
      } catch (IOException e) {
        throw new SystemException("create " + n + ": " + e.getMessage(), e);
      }
      volumes.put(n, record);
      events.publish("volume", "create", n, Map.of("driver", DRIVER));
      return view(record, List.of());
    }
  }

  @Override
  public Volume inspect(String name) {
    VolumeRecord r = record(name);
    return view(r, users(name));
  }

  @Override
  public List<Volume> list(Map<String, List<String>> filters) {
    VolumeFilters f = VolumeFilters.forList(filters);
    List<Volume> out = new ArrayList<>();
    for (VolumeRecord r : snapshot()) {
      List<String> users = users(r.name());
      if (f.lists(r, users.size())) out.add(view(r, users));
    }
    return out;
  }

  @Override
  public void remove(String name, boolean force) {
    List<String> engineUsers = engineUsers(name);
    synchronized (lock) {
      VolumeRecord r = volumes.get(name);
      if (r == null) {
        if (force) return;
        throw notFound(name);
      }
      List<String> users = union(engineUsers, mountedBy.get(name));
      if (!users.isEmpty()) throw new ConflictException("remove " + name + ": volume is in use - [" + String.join(" ", users) + "]");
      delete(r);
    }
  }

  @Override
  public PruneReport prune(boolean all, Map<String, List<String>> filters) {
    VolumeFilters f = VolumeFilters.forPrune(filters);
    List<String> deleted = new ArrayList<>();
    long reclaimed = 0;
    for (VolumeRecord candidate : snapshot()) {
      if (!f.prunes(candidate, all)) continue;
      List<String> engineUsers = engineUsers(candidate.name());
      synchronized (lock) {
        VolumeRecord r = volumes.get(candidate.name());
        if (r == null || !union(engineUsers, mountedBy.get(r.name())).isEmpty()) continue;
        reclaimed += sizeOf(r);
        delete(r);
        deleted.add(r.name());
      }
    }
    events.publish("volume", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
    return new PruneReport(deleted, reclaimed);
  }

  @Override
  public void seedIfEmpty(String name, Path source) {
    synchronized (lock) {
      VolumeRecord r = volumes.get(name);
      if (r == null) throw notFound(name);
      if (r.seeded()) return;
      if (r.mounted() && !mountedBy.containsKey(name)) {
        throw new ConflictException("seed volume " + name + ": mount it for a container first (its data lives on " + r.options().get("device") + ")");
      }
      Path data = store.data(name);
      if (!VolumeSeeding.seed(name, source, data)) return;
      VolumeRecord seeded = r.withSeeded();
      try {
        store.write(seeded);
      } catch (IOException e) {
        throw new SystemException("seed volume " + name + ": recording that it was seeded: " + e.getMessage(), e);
      }
      volumes.put(name, seeded);
    }
  }

  @Override
  public Path mount(String name, String containerId) {
    synchronized (lock) {
      VolumeRecord r = volumes.get(name);
      if (r == null) throw notFound(name);
      Path data = store.data(name);
      Set<String> refs = mountedBy.get(name);
      if (refs != null && refs.contains(containerId)) return data;
      if (refs == null) {
        if (r.mounted()) mountDevice(r, data);
        refs = new LinkedHashSet<>();
        mountedBy.put(name, refs);
      }
      refs.add(containerId);
      events.publish("volume", "mount", name, Map.of("driver", r.driver(), "container", containerId));
      return data;
    }
  }

  @Override
  public void unmount(String name, String containerId) {
    synchronized (lock) {
      Set<String> refs = mountedBy.get(name);
      if (refs == null || !refs.remove(containerId)) return;
      VolumeRecord r = volumes.get(name);
      if (refs.isEmpty()) {
        mountedBy.remove(name);
        if (r != null && r.mounted()) unmountDevice(name);
      }
      events.publish("volume", "unmount", name, Map.of("driver", DRIVER, "container", containerId));
    }
  }

  @Override
  public long size(String name) {
    synchronized (lock) {
      return sizeOf(record(name));
    }
  }

  private void mountDevice(VolumeRecord r, Path data) {
    try {
      if (!mounter.isMountPoint(data)) mounter.mount(LocalOptions.parse(r.options()), data);
    } catch (IOException e) {
      throw new SystemException("mount volume " + r.name() + " (" + r.options() + "): " + e.getMessage(), e);
    }
  }

  private void unmountDevice(String name) {
    Path data = store.data(name);
    try {
      if (mounter.isMountPoint(data)) mounter.unmount(data);
    } catch (IOException e) {
      throw new SystemException("unmount volume " + name + ": " + e.getMessage(), e);
    }
  }

  /** Unmounts whatever is still mounted on the volume (never delete through a bind), then deletes it. */
  private void delete(VolumeRecord r) {
    unmountDevice(r.name());
    try {
      store.delete(r.name());
    } catch (IOException e) {
      throw new SystemException("remove " + r.name() + ": " + e.getMessage(), e);
    }
    volumes.remove(r.name());
    events.publish("volume", "destroy", r.name(), Map.of("driver", r.driver()));
  }

  private long sizeOf(VolumeRecord r) {
    try {
      return DirectorySize.of(store.data(r.name()));
    } catch (IOException e) {
      throw new SystemException("measuring volume " + r.name() + ": " + e.getMessage(), e);
    }
  }

  private VolumeRecord record(String name) {
    synchronized (lock) {
      VolumeRecord r = volumes.get(name);
      if (r == null) throw notFound(name);
      return r;
    }
  }

  private List<VolumeRecord> snapshot() {
    synchronized (lock) {
      return List.copyOf(volumes.values());
    }
  }

  private List<String> users(String name) {
    List<String> engine = engineUsers(name);
    synchronized (lock) {
      return union(engine, mountedBy.get(name));
    }
  }

  /**
   * The engine's answer. An engine whose answer goes through its container views (which inspect their volumes)
   * would come back here on the same thread and recurse without end; such an inner call is answered without
   * asking the engine again.
   */
  private List<String> engineUsers(String name) {
    if (askingEngine.get()) return List.of();
    askingEngine.set(true);
    try {
      List<String> ids = usedBy.apply(name);
      return ids == null ? List.of() : ids;
    } finally {
      askingEngine.set(false);
    }
  }

  private static List<String> union(List<String> a, Set<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    if (b != null) all.addAll(b);
    return List.copyOf(all);
  }

  private Volume view(VolumeRecord r, List<String> users) {
    return new Volume(r.name(), r.driver(), store.data(r.name()), r.createdAt(), r.labels(), r.options(), r.anonymous(), users);
  }

  private static NotFoundException notFound(String name) {
    return new NotFoundException("get " + name + ": no such volume");
  }
}
