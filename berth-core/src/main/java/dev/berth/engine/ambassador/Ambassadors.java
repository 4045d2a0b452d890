package dev.berth.engine.ambassador;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.engine.AmbassadorService;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.network.netns.NetNs;
import dev.berth.oci.Json;
import dev.berth.proxy.Backend;
import dev.berth.sys.AtomicWrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running ambassadors of one berthd. {@link #start} serves each listener of a plan in the plan's mode:
 * {@link ProxyListeners} (listeners bound in the container's network namespace, served by the proxy core) or
 * {@link NatListeners} (DNAT rules in that namespace); {@link #stop} ends berthd's part when the container's
 * network goes down. The current targets are kept in {@code <stateDir>/<id>.json}, so a retarget outlives a
 * berthd restart ({@link #restore}).
 */
public final class Ambassadors implements AmbassadorService, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Ambassadors.class);

  private final Path stateDir;
  private final Map<String, Running> running = new ConcurrentHashMap<>();

  /** A started ambassador and how its ports are served; its listener keys ({@code 6379/tcp}) in the plan's order. */
  private record Running(String id, String name, Served served, List<String> keys) {
    Running {
      keys = List.copyOf(keys);
    }
  }

  /** The state file: the name and the current plan. */
  record State(@JsonProperty("Name") String name, @JsonProperty("Plan") AmbassadorPlan plan) {}

  public Ambassadors(Path stateDir) {
    this.stateDir = stateDir;
  }

  /**
   * Serves every listener of {@code plan} in {@code netns} (null: berthd's own namespace, for a container on the
   * host network, which NAT mode refuses). On failure nothing stays bound and the error is thrown: a port the
   * plan names twice, or one taken in the container.
   */
  public void start(String id, String name, AmbassadorPlan plan, NetNs netns) {
    Served served = switch (plan.mode()) {
      case PROXY -> ProxyListeners.start(name, plan, netns);
      case NAT -> NatListeners.start(name, plan, netns);
    };
    try {
      writeState(id, new State(name, plan));
    } catch (RuntimeException e) {
      served.close();
      throw e;
    }
    running.put(id, new Running(id, name, served, plan.listeners().stream().map(AmbassadorPlan.Listener::key).toList()));
    if (plan.isEmpty()) LOG.warn("ambassador {} has no NAME_PORT_<n>_TCP variable: it forwards nothing", name);
    else LOG.info("ambassador {} ({}) serves {}", name, plan.mode().word(), describe(plan));
  }

  /** Serves again what {@link #start} served for a container a new berthd found running; false if it has no state. */
  public boolean restore(String id, NetNs netns) {
    State s = readState(id);
    if (s == null || running.containsKey(id)) return false;
    start(id, s.name(), s.plan(), netns);
    return true;
  }

  /** Ends berthd's part of the container's forwarding, and forgets its state. Safe when none runs. */
  public void stop(String id) {
    Running r = running.remove(id);
    if (r != null) r.served().close();
    try {
      Files.deleteIfExists(stateFile(id));
    } catch (IOException e) {
      LOG.warn("forgetting ambassador {}: {}", id, e.getMessage());
    }
  }

  /**
   * At berthd's stop: closes every proxy listener (NAT rules stay in their namespaces and keep forwarding); the
   * state files stay for the next berthd.
   */
  @Override
  public void close() {
    running.values().forEach(r -> r.served().close());
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
    if (!r.keys().contains(key)) {
      throw new NotFoundException("ambassador " + r.name() + " has no listener on " + key + " (it serves "
          + (r.keys().isEmpty() ? "none: it had no NAME_PORT_<n>_TCP variable when it started" : String.join(", ", r.keys())) + ")");
    }
    if (backends == null || backends.isEmpty()) throw new dev.berth.errors.InvalidArgumentException("retarget: no backend given");
    List<Backend> parsed = AmbassadorPlan.backends(key, String.join(",", backends), protocol);
    synchronized (r) {
      r.served().retarget(key, parsed);
      writeState(r.id(), new State(r.name(), r.served().plan()));
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

  private static AmbassadorView view(Running r) {
    return new AmbassadorView(r.id(), r.name(), r.served().views());
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
