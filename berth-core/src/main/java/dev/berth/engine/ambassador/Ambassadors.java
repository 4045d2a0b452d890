package dev.berth.engine.ambassador;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.engine.AmbassadorService;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.network.netns.NetNs;
import dev.berth.oci.Json;
import dev.berth.proxy.Backend;
import dev.berth.proxy.Counters;
import dev.berth.proxy.Forwarder;
import dev.berth.sys.AtomicWrite;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running ambassadors of one berthd. {@link #start} binds each listener of a plan inside the container's
 * network namespace (the socket stays there; berthd's virtual threads serve it) and forwards it with a
 * {@link Forwarder}; {@link #stop} closes them when the container's network goes down. The current targets are
 * kept in {@code <stateDir>/<id>.json}, so a retarget outlives a berthd restart ({@link #restore}).
 */
public final class Ambassadors implements AmbassadorService, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Ambassadors.class);

  private final Path stateDir;
  private final Map<String, Running> running = new ConcurrentHashMap<>();

  /** A started ambassador: its listeners by key ({@code 6379/tcp}), in the plan's order. */
  private record Running(String id, String name, Map<String, Forwarder> forwarders) {}

  /** The state file: the name and the current plan. */
  record State(@JsonProperty("Name") String name, @JsonProperty("Plan") AmbassadorPlan plan) {}

  public Ambassadors(Path stateDir) {
    this.stateDir = stateDir;
  }

  /**
   * Binds and serves every listener of {@code plan} in {@code netns} (null: berthd's own namespace, for a
   * container on the host network). On failure nothing stays bound and the error is thrown: a port the plan
   * names twice, or one taken in the container.
   */
  public void start(String id, String name, AmbassadorPlan plan, NetNs netns) {
    Map<String, Forwarder> forwarders = new LinkedHashMap<>();
    try {
      for (AmbassadorPlan.Listener l : plan.listeners()) forwarders.put(l.key(), serve(l, netns, name));
      writeState(id, new State(name, plan));
    } catch (RuntimeException e) {
      forwarders.values().forEach(Forwarder::close);
      throw e;
    }
    running.put(id, new Running(id, name, forwarders));
    if (plan.isEmpty()) LOG.warn("ambassador {} has no NAME_PORT_<n>_TCP variable: it forwards nothing", name);
    else LOG.info("ambassador {} serves {}", name, describe(plan));
  }

  /** Serves again what {@link #start} served for a container a new berthd found running; false if it has no state. */
  public boolean restore(String id, NetNs netns) {
    State s = readState(id);
    if (s == null || running.containsKey(id)) return false;
    start(id, s.name(), s.plan(), netns);
    return true;
  }

  /** Closes the container's listeners and open connections, and forgets its state. Safe when none runs. */
  public void stop(String id) {
    Running r = running.remove(id);
    if (r != null) r.forwarders().values().forEach(Forwarder::close);
    try {
      Files.deleteIfExists(stateFile(id));
    } catch (IOException e) {
      LOG.warn("forgetting ambassador {}: {}", id, e.getMessage());
    }
  }

  /** At berthd's stop: closes every listener; the state files stay for the next berthd. */
  @Override
  public void close() {
    running.values().forEach(r -> r.forwarders().values().forEach(Forwarder::close));
    running.clear();
  }

  @Override
  public List<AmbassadorView> list() {
    return running.values().stream().map(Ambassadors::view).sorted(Comparator.comparing(AmbassadorView::name)).toList();
  }

  @Override
  public AmbassadorView retarget(String ref, int port, String protocol, List<String> backends) {
    Running r = find(ref);
    String key = port + "/" + protocol;
    Forwarder f = r.forwarders().get(key);
    if (f == null) {
      throw new NotFoundException("ambassador " + r.name() + " has no listener on " + key + " (it serves "
          + (r.forwarders().isEmpty() ? "none: it had no NAME_PORT_<n>_TCP variable when it started" : String.join(", ", r.forwarders().keySet())) + ")");
    }
    if (backends == null || backends.isEmpty()) throw new dev.berth.errors.InvalidArgumentException("retarget: no backend given");
    List<Backend> parsed = AmbassadorPlan.backends(key, String.join(",", backends), protocol);
    synchronized (r) {
      f.retarget(parsed);
      writeState(r.id(), new State(r.name(), currentPlan(r)));
    }
    LOG.info("ambassador {}: {} now forwards to {}", r.name(), key, parsed);
    return view(r);
  }

  private Running find(String ref) {
    String name = ref.startsWith("/") ? ref.substring(1) : ref;
    Running exact = running.get(ref);
    if (exact != null) return exact;
    for (Running r : running.values()) if (r.name().equals(name)) return r;
    List<Running> byPrefix = running.values().stream().filter(r -> r.id().startsWith(ref)).toList();
    if (byPrefix.size() == 1) return byPrefix.getFirst();
    throw new NotFoundException("No such ambassador: " + ref + " (no running container of an ambassador image has that name or ID)");
  }

  private static Forwarder serve(AmbassadorPlan.Listener l, NetNs netns, String name) {
    InetSocketAddress any = new InetSocketAddress("0.0.0.0", l.port());
    return switch (l.protocol()) {
      case "udp" -> inside(netns, () -> Forwarder.udp(any, l.backends().getFirst()));
      default -> Forwarder.tcp(inside(netns, () -> bindTcp(any, name)), l.backends());
    };
  }

  private static ServerSocketChannel bindTcp(InetSocketAddress address, String name) {
    ServerSocketChannel ch = null;
    try {
      ch = ServerSocketChannel.open();
      ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      ch.bind(address);
      return ch;
    } catch (IOException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // the bind already failed
        }
      }
      throw new dev.berth.errors.ConflictException("ambassador " + name + ": cannot listen on port " + address.getPort() + ": " + e.getMessage());
    }
  }

  private static <T> T inside(NetNs netns, java.util.concurrent.Callable<T> action) {
    if (netns != null) return netns.inside(action);
    try {
      return action.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new SystemException(e.getMessage(), e);
    }
  }

  private static AmbassadorPlan currentPlan(Running r) {
    List<AmbassadorPlan.Listener> out = new ArrayList<>();
    r.forwarders().forEach((key, f) -> {
      int slash = key.indexOf('/');
      out.add(new AmbassadorPlan.Listener(Integer.parseInt(key.substring(0, slash)), key.substring(slash + 1), f.backends()));
    });
    return new AmbassadorPlan(out);
  }

  private static AmbassadorView view(Running r) {
    List<ListenerView> listeners = new ArrayList<>();
    r.forwarders().forEach((key, f) -> {
      int slash = key.indexOf('/');
      String protocol = key.substring(slash + 1);
      Counters c = f.counters();
      List<BackendView> backends = f.backends().stream()
          .map(b -> new BackendView(protocol + "://" + b.host() + ":" + b.port(), f.isDown(b))).toList();
      listeners.add(new ListenerView(Integer.parseInt(key.substring(0, slash)), protocol, backends, c.connections(), c.open(),
          c.bytesIn(), c.bytesOut()));
    });
    return new AmbassadorView(r.id(), r.name(), listeners);
  }

  private static String describe(AmbassadorPlan plan) {
    return plan.listeners().stream().map(l -> l.key() + " -> " + l.backends()).toList().toString();
  }

  private Path stateFile(String id) {
    return stateDir.resolve(id + ".json");
  }

  private void writeState(String id, State s) {
    Path file = stateFile(id);
    try {
      Files.createDirectories(stateDir);
      AtomicWrite.replace(file, Json.write(s), AtomicWrite.Durability.LAZY);
    } catch (IOException e) {
      throw new SystemException("record ambassador " + s.name() + " in " + file + ": " + e.getMessage(), e);
    }
  }

  private State readState(String id) {
    Path file = stateFile(id);
    try {
      return Files.exists(file) ? Json.read(Files.readAllBytes(file), State.class) : null;
    } catch (IOException | RuntimeException e) {
      LOG.warn("reading ambassador state {}: {}", file, e.getMessage());
      return null;
    }
  }
}
