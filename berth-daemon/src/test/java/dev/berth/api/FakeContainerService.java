package dev.berth.api;

import dev.berth.engine.Attachment;
import dev.berth.engine.ContainerService;
import dev.berth.engine.ContainerView;
import dev.berth.engine.Image;
import dev.berth.engine.events.EventBus;
import dev.berth.errors.ConflictException;
import dev.berth.errors.NotFoundException;
import dev.berth.runtime.container.Container;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.ContainerId;
import dev.berth.runtime.container.ContainerNames;
import dev.berth.runtime.container.ImageConfigMerger;
import dev.berth.runtime.container.MountSpec;
import dev.berth.runtime.container.ResourceConfig;
import dev.berth.runtime.container.RestartPolicy;
import dev.berth.runtime.container.Signal;
import dev.berth.runtime.monitor.LogQuery;
import dev.berth.runtime.monitor.LogRecord;
import dev.berth.runtime.monitor.LogStream;
import dev.berth.runtime.state.ContainerState;
import dev.berth.runtime.state.Transitions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * An in-memory container engine for API tests. Containers "run" a {@link FakeProcess} chosen by their
 * command, so {@code echo hi} prints "hi" and exits 0; attachments made before start get all output; waits,
 * auto-remove, logs (with follow) and the archive endpoints behave as the real engine's do. Calls that only
 * change limits or sizes are recorded in {@link #calls}.
 */
public final class FakeContainerService implements ContainerService {
  private final FakeImageService images;
  private final Map<String, Entry> byId = new LinkedHashMap<>();
  private int counter;
  /** What create received last: the request as translated, before the image merge. */
  public volatile ContainerConfig lastCreateRequest;
  public final List<String> calls = new CopyOnWriteArrayList<>();
  /** What the engine would report as a container's networking, by container ID (none: empty settings). */
  public final Map<String, dev.berth.engine.NetworkSettings> networkSettings = new java.util.concurrent.ConcurrentHashMap<>();
  /** Every attachment handed out, in order. */
  public final List<FakeAttachment> attachments = new CopyOnWriteArrayList<>();

  public FakeContainerService(FakeImageService images, EventBus events) {
    this.images = images;
  }

  /** One container and what goes with it. */
  static final class Entry {
    Container container;
    String imageRef;
    final List<LogRecord> log = new CopyOnWriteArrayList<>();
    final List<FakeAttachment> attachments = new ArrayList<>();
    final List<CompletableFuture<WaitResult>> exitWaiters = new ArrayList<>();
    final List<CompletableFuture<WaitResult>> removeWaiters = new ArrayList<>();
    final Map<String, byte[]> files = new LinkedHashMap<>();
    volatile FakeProcess process;
    /** Stdin written before the process started (the CLI attaches and writes before start), and whether it ended. */
    final ByteArrayOutputStream pendingStdin = new ByteArrayOutputStream();
    boolean pendingStdinClosed;

    Entry(Container container, String imageRef) {
      this.container = container;
      this.imageRef = imageRef;
    }
  }

  @Override
  public synchronized Created create(String name, ContainerConfig request) {
    lastCreateRequest = request;
    Image image = images.inspect(request.basic().image());
    ContainerConfig merged = ImageConfigMerger.merge(image.config().config(), request);
    String canonical = name == null ? "/fake_" + (++counter) : ContainerNames.canonical(name);
    for (Entry e : byId.values()) {
      if (e.container.name().equals(canonical)) {
        throw new ConflictException("Conflict. The container name \"" + canonical + "\" is already in use by container \""
            + e.container.id().hex() + "\". You have to remove (or rename) that container to be able to reuse that name.");
      }
    }
    ContainerId id = ContainerId.random();
    Container c = Container.newContainer(id, canonical, Instant.now(), image.id(), merged);
    byId.put(id.hex(), new Entry(c, request.basic().image()));
    return new Created(id.hex(), List.of());
  }

  synchronized Entry find(String ref) {
    String r = ref.startsWith("/") ? ref : "/" + ref;
    Entry byPrefix = null;
    int matches = 0;
    for (Entry e : byId.values()) {
      if (e.container.id().hex().equals(ref) || e.container.name().equals(r)) return e;
      if (!ref.isEmpty() && e.container.id().hex().startsWith(ref)) {
        byPrefix = e;
        matches++;
      }
    }
    if (matches == 1) return byPrefix;
    throw new NotFoundException("No such container: " + ref);
  }

  /** The ID of a running container, for the fake exec service. */
  public synchronized String requireRunning(String ref) {
    Entry e = find(ref);
    if (!(e.container.state() instanceof ContainerState.Running)) {
      throw new ConflictException("Container " + e.container.id().hex() + " is not running");
    }
    return e.container.id().hex();
  }

  /** Puts a file into the container's fake filesystem. */
  public synchronized void putFile(String ref, String path, byte[] content) {
    find(ref).files.put(path, content);
  }

  public synchronized byte[] file(String ref, String path) {
    return find(ref).files.get(path);
  }

  /** Appends a log entry as if the process had written it. */
  public void addLog(String ref, LogStream stream, Instant time, String text) {
    find(ref).log.add(new LogRecord(stream, time, text, false));
  }

  @Override
  public boolean start(String ref) {
    Entry e;
    FakeProcess p;
    synchronized (this) {
      e = find(ref);
      if (e.container.state() instanceof ContainerState.Running || e.container.state() instanceof ContainerState.Paused) return false;
      var state = Transitions.start(e.container.describe(), e.container.state(), 4242, Instant.now());
      e.container = e.container.withState(state).withManuallyStopped(false);
      List<String> cmd = new ArrayList<>();
      cmd.addAll(e.container.config().basic().entrypoint() == null ? List.of() : e.container.config().basic().entrypoint());
      cmd.addAll(e.container.config().basic().cmd() == null ? List.of() : e.container.config().basic().cmd());
      Entry entry = e;
      p = new FakeProcess(cmd, (stream, data) -> output(entry, stream, data));
      e.process = p;
      p.exit().thenAccept(code -> exited(entry, code));
    }
    p.run();
    byte[] early;
    boolean closed;
    synchronized (this) {
      early = e.pendingStdin.toByteArray();
      e.pendingStdin.reset();
      closed = e.pendingStdinClosed;
      e.pendingStdinClosed = false;
    }
    if (early.length > 0) p.stdin(early);
    if (closed) p.stdinClosed();
    return true;
  }

  private synchronized void stdin(Entry e, byte[] data) {
    FakeProcess p = e.process;
    if (p != null && running(e)) p.stdin(data);
    else e.pendingStdin.writeBytes(data);
  }

  private void stdinClosed(Entry e) {
    FakeProcess p;
    synchronized (this) {
      p = e.process;
      if (p == null || !running(e)) {
        e.pendingStdinClosed = true;
        return;
      }
    }
    p.stdinClosed();
  }

  private synchronized void output(Entry e, Attachment.Stream stream, byte[] data) {
    for (FakeAttachment a : e.attachments) a.emit(stream, data);
    String text = new String(data, StandardCharsets.UTF_8);
    boolean full = text.endsWith("\n");
    e.log.add(new LogRecord(stream == Attachment.Stream.STDERR ? LogStream.STDERR : LogStream.STDOUT, Instant.now(),
        full ? text.substring(0, text.length() - 1) : text, !full));
  }

  private synchronized void exited(Entry e, int code) {
    ContainerState s = e.container.state();
    e.container = e.container.withState(Transitions.exited(e.container.describe(), s, code, Instant.now(), false, null));
    for (FakeAttachment a : e.attachments) a.end();
    e.attachments.clear();
    for (var w : e.exitWaiters) w.complete(new WaitResult(code, null));
    e.exitWaiters.clear();
    if (e.container.config().autoRemove()) removeEntry(e);
  }

  private void removeEntry(Entry e) {
    byId.remove(e.container.id().hex());
    for (var w : e.removeWaiters) w.complete(new WaitResult(e.container.state().exitCode(), null));
    e.removeWaiters.clear();
  }

  private static boolean running(Entry e) {
    return e.container.state() instanceof ContainerState.Running || e.container.state() instanceof ContainerState.Paused;
  }

  @Override
  public boolean stop(String ref, Integer timeoutSeconds, String signal) {
    FakeProcess p;
    synchronized (this) {
      Entry e = find(ref);
      if (!running(e)) return false;
      calls.add("stop " + e.container.id().hex() + " t=" + timeoutSeconds + " signal=" + signal);
      e.container = e.container.withManuallyStopped(true);
      if (e.container.state() instanceof ContainerState.Paused) e.container = e.container.withState(Transitions.unpause("c", e.container.state()));
      p = e.process;
    }
    p.kill(128 + (signal == null ? 15 : Signal.parse(signal).number()));
    return true;
  }

  @Override
  public void restart(String ref, Integer timeoutSeconds, String signal) {
    stop(ref, timeoutSeconds, signal);
    start(ref);
  }

  @Override
  public void kill(String ref, String signal) {
    FakeProcess p;
    synchronized (this) {
      Entry e = find(ref);
      if (!running(e)) throw new ConflictException("Cannot kill container: " + ref + ": container " + e.container.id().hex() + " is not running");
      p = e.process;
    }
    p.kill(128 + (signal == null ? 9 : Signal.parse(signal).number()));
  }

  @Override
  public synchronized void pause(String ref) {
    Entry e = find(ref);
    e.container = e.container.withState(Transitions.pause(e.container.describe(), e.container.state()));
  }

  @Override
  public synchronized void unpause(String ref) {
    Entry e = find(ref);
    e.container = e.container.withState(Transitions.unpause(e.container.describe(), e.container.state()));
  }

  @Override
  public synchronized CompletableFuture<WaitResult> waitFor(String ref, WaitCondition condition) {
    Entry e = find(ref);
    CompletableFuture<WaitResult> f = new CompletableFuture<>();
    switch (condition) {
      case NOT_RUNNING -> {
        if (running(e)) e.exitWaiters.add(f);
        else f.complete(new WaitResult(e.container.state().exitCode(), null));
      }
      case NEXT_EXIT -> e.exitWaiters.add(f);
      case REMOVED -> e.removeWaiters.add(f);
    }
    return f;
  }

  @Override
  public void remove(String ref, boolean force, boolean removeVolumes) {
    FakeProcess p = null;
    synchronized (this) {
      Entry e = find(ref);
      if (running(e)) {
        if (!force) {
          throw new ConflictException("cannot remove container \"" + e.container.name()
              + "\": container is running: stop the container before removing or force remove");
        }
        p = e.process;
      }
    }
    if (p != null) p.kill(137);
    synchronized (this) {
      Entry e = find(ref);
      calls.add("remove " + e.container.id().hex() + " volumes=" + removeVolumes);
      removeEntry(e);
    }
  }

  @Override
  public synchronized ContainerView inspect(String ref) {
    return view(find(ref), false);
  }

  private ContainerView view(Entry e, boolean size) {
    Container c = e.container;
    List<ContainerView.MountPoint> mounts = new ArrayList<>();
    for (MountSpec m : c.config().storage().mounts()) {
      String type = m.type().name().toLowerCase();
      mounts.add(new ContainerView.MountPoint(type, m.type() == MountSpec.Type.VOLUME ? m.source() : "",
          m.type() == MountSpec.Type.VOLUME ? "/var/lib/berth/volumes/" + m.source() + "/_data" : m.source(), m.target(),
          m.type() == MountSpec.Type.VOLUME ? "local" : "", m.readOnly() ? "ro" : "", !m.readOnly(),
          m.type() == MountSpec.Type.BIND ? "rprivate" : ""));
    }
    Path dir = Path.of("/var/lib/berth/containers", c.id().hex());
    return new ContainerView(c, e.imageRef, null, dir, dir.resolve("ctr.log"), mounts, null, size ? 12 : -1, size ? 4096 : -1,
        "overlay", Map.of("UpperDir", dir.resolve("upper").toString()), List.of(),
        networkSettings.getOrDefault(c.id().hex(), dev.berth.engine.NetworkSettings.EMPTY));
  }

  @Override
  public synchronized List<ContainerView> list(ListOptions options) {
    List<ContainerView> out = new ArrayList<>();
    List<Entry> entries = new ArrayList<>(byId.values());
    Collections.reverse(entries);
    for (Entry e : entries) {
      if (!options.all() && !running(e)) continue;
      if (!matches(e, options.filters())) continue;
      out.add(view(e, options.size()));
      if (options.limit() > 0 && out.size() == options.limit()) break;
    }
    return out;
  }

  private static boolean matches(Entry e, Map<String, List<String>> filters) {
    for (var f : filters.entrySet()) {
      for (String v : f.getValue()) {
        boolean ok = switch (f.getKey()) {
          case "name" -> e.container.name().contains(v);
          case "status" -> e.container.state().status().dockerName().equals(v);
          case "id" -> e.container.id().hex().startsWith(v);
          case "label" -> e.container.config().basic().labels().containsKey(v.split("=", 2)[0]);
          default -> true;
        };
        if (!ok) return false;
      }
    }
    return true;
  }

  @Override
  public synchronized void rename(String ref, String newName) {
    Entry e = find(ref);
    Container c = e.container;
    e.container = new Container(c.id(), newName, c.created(), c.imageId(), c.config(), c.state(), c.restartCount(), c.manuallyStopped());
  }

  @Override
  public synchronized List<String> update(String ref, ResourceConfig resources, RestartPolicy restartPolicy) {
    Entry e = find(ref);
    calls.add("update " + e.container.id().hex() + " " + resources + " " + restartPolicy);
    ContainerConfig c = e.container.config();
    ContainerConfig next = new ContainerConfig(c.basic(), c.storage(), c.security(), resources,
        restartPolicy == null ? c.restartPolicy() : restartPolicy, c.log(), c.autoRemove(), c.init(), c.network());
    e.container = new Container(e.container.id(), e.container.name(), e.container.created(), e.container.imageId(), next,
        e.container.state(), e.container.restartCount(), e.container.manuallyStopped());
    return List.of();
  }

  @Override
  public synchronized PruneReport prune(Map<String, List<String>> filters) {
    List<String> deleted = new ArrayList<>();
    for (Entry e : List.copyOf(byId.values())) {
      if (!running(e)) {
        deleted.add(e.container.id().hex());
        removeEntry(e);
      }
    }
    return new PruneReport(deleted, 0);
  }

  @Override
  public void logs(String ref, LogQuery query, Predicate<LogRecord> sink) {
    Entry e = find(ref);
    List<LogRecord> selected = new ArrayList<>();
    for (LogRecord r : e.log) if (accepts(query, r)) selected.add(r);
    if (query.tail() >= 0 && selected.size() > query.tail()) selected = selected.subList(selected.size() - query.tail(), selected.size());
    for (LogRecord r : selected) if (!sink.test(r)) return;
    if (!query.follow()) return;
    int seen = e.log.size();
    while (true) {
      boolean live;
      synchronized (this) {
        live = running(e) && byId.containsKey(e.container.id().hex());
      }
      for (; seen < e.log.size(); seen++) {
        LogRecord r = e.log.get(seen);
        if (accepts(query, r) && !sink.test(r)) return;
      }
      if (!live) return;
      try {
        Thread.sleep(20);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static boolean accepts(LogQuery q, LogRecord r) {
    return q.streams().contains(r.stream()) && (q.since() == null || !r.time().isBefore(q.since()))
        && (q.until() == null || !r.time().isAfter(q.until()));
  }

  @Override
  public synchronized Attachment attach(String ref, AttachOptions options) {
    Entry e = find(ref);
    boolean tty = e.container.config().basic().tty();
    FakeAttachment a = new FakeAttachment(tty, data -> stdin(e, data), () -> stdinClosed(e));
    attachments.add(a);
    if (options.logs()) {
      for (LogRecord r : e.log) {
        a.emit(r.stream() == LogStream.STDERR ? Attachment.Stream.STDERR : Attachment.Stream.STDOUT, r.line().getBytes(StandardCharsets.UTF_8));
      }
    }
    boolean willRun = running(e) || e.container.state() instanceof ContainerState.Created || e.container.state() instanceof ContainerState.Exited;
    if (options.stream() && willRun) e.attachments.add(a);
    else a.end();
    return a;
  }

  @Override
  public synchronized void resize(String ref, int rows, int cols) {
    Entry e = find(ref);
    if (!running(e)) throw new ConflictException("cannot resize container " + ref + ": container is not running");
    calls.add("resize " + e.container.id().hex() + " " + rows + "x" + cols);
  }

  @Override
  public synchronized Top top(String ref, String psArgs) {
    Entry e = find(ref);
    if (!running(e)) throw new ConflictException("Container " + e.container.id().hex() + " is not running");
    calls.add("top " + psArgs);
    return new Top(List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"),
        List.of(List.of("root", "4242", "4200", "0", "08:00", "?", "00:00:00", ContainerServiceCommand.of(e.container))));
  }

  /** The command line as ps prints it. */
  static final class ContainerServiceCommand {
    static String of(Container c) {
      List<String> all = new ArrayList<>();
      if (c.config().basic().entrypoint() != null) all.addAll(c.config().basic().entrypoint());
      if (c.config().basic().cmd() != null) all.addAll(c.config().basic().cmd());
      return String.join(" ", all);
    }
  }

  private long cpu;

  @Override
  public synchronized Stats stats(String ref) {
    Entry e = find(ref);
    cpu += 50_000_000;
    return new Stats(Instant.now(), running(e) ? 1 << 20 : 0, e.container.config().resources().memory(), cpu, cpu * 10, 2,
        running(e) ? 1 : 0, 0, 0);
  }

  @Override
  public synchronized PathStat statPath(String ref, String path) {
    Entry e = find(ref);
    byte[] content = e.files.get(path);
    if (content == null) throw new NotFoundException("Could not find the file " + path + " in container " + ref);
    return new PathStat(Path.of(path).getFileName().toString(), content.length, 0644, Instant.parse("2026-11-28T08:00:00Z"), "");
  }

  @Override
  public PathStat getArchive(String ref, String path, OutputStream out) {
    PathStat stat = statPath(ref, path);
    try {
      FakeTar.write(out, stat.name(), file(ref, path));
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return stat;
  }

  @Override
  public void putArchive(String ref, String path, InputStream tar, boolean noOverwriteDirNonDir, boolean copyUidGid) {
    try {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      tar.transferTo(all);
      putFile(ref, path + "/(archive)", all.toByteArray());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  @Override
  public Image commit(String ref, CommitOptions options) {
    String id;
    synchronized (this) {
      id = find(ref).container.id().hex();
    }
    calls.add("commit " + id + " " + options);
    return images.add(options.reference(), "2026-11-28T08:00:00Z", Map.of(), id.getBytes(StandardCharsets.UTF_8));
  }
}
