package dev.berth.engine.ambassador;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.proxy.Backend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an ambassador forwards, read from its environment as the seed's ambassador read it:
 * {@code NAME_PORT_<n>_TCP=tcp://host:port} becomes a TCP listener on port n that forwards to host:port (and
 * {@code _UDP=udp://…} a UDP one). The variables come from {@code --link} (Docker's link variables) and from
 * {@code -e}; a variable the container sets itself overrides a link's of the same name.
 *
 * <p>Beyond the seed, a value may list several backends separated by commas, tried in order (fallback), and
 * several variables may name the same port: their backends join in the order the variables come. Variables a
 * link copies from the linked container's environment ({@code ALIAS_ENV_…}) are not read, so an ambassador
 * linked to another ambassador does not serve that one's targets.
 *
 * <p>The container's own variable {@value #MODE_VARIABLE} chooses how the ports are forwarded: {@code proxy}
 * (the default) or {@code nat} ({@link Mode}). A link never sets it: a link's variables are named after its
 * alias ({@code ALIAS_NAME}, {@code ALIAS_PORT…}, {@code ALIAS_ENV_…}), and only the container's own environment
 * is read for it.
 */
public record AmbassadorPlan(@JsonProperty("Mode") Mode mode, @JsonProperty("Listeners") List<Listener> listeners) {
  /** The variable that picks the {@link Mode}. */
  public static final String MODE_VARIABLE = "AMBASSADOR_MODE";
  private static final Pattern NAME = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)_PORT_([0-9]{1,5})_(TCP|UDP)");

  /** How berthd forwards an ambassador's ports. */
  public enum Mode {
    /**
     * berthd's proxy core serves a listener bound in the container's namespace: a second TCP connection to the
     * backend, fallback per connection, payload byte counts.
     */
    @JsonProperty("proxy") PROXY,
    /**
     * The kernel forwards: DNAT rules in the container's own namespace, so the data never pass through berthd;
     * fallback follows the health check, and the counts are IP bytes.
     */
    @JsonProperty("nat") NAT;

    /** {@code proxy} or {@code nat}, as the variable spells it. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @JsonCreator
  public AmbassadorPlan {
    mode = mode == null ? Mode.PROXY : mode;
    listeners = listeners == null ? List.of() : List.copyOf(listeners);
  }

  /** A plan in the default mode, {@link Mode#PROXY}. */
  public AmbassadorPlan(List<Listener> listeners) {
    this(Mode.PROXY, listeners);
  }

  public AmbassadorPlan withListeners(List<Listener> newListeners) {
    return new AmbassadorPlan(mode, newListeners);
  }

  /** One forwarding listener: the port it binds in the ambassador and its backends, in order. */
  public record Listener(@JsonProperty("Port") int port, @JsonProperty("Protocol") String protocol,
      @JsonProperty("Backends") List<Backend> backends) {
    public Listener {
      if (port < 1 || port > 65535) throw new InvalidArgumentException("ambassador: port " + port + " is out of range 1-65535");
      if (!"tcp".equals(protocol) && !"udp".equals(protocol)) {
        throw new InvalidArgumentException("ambassador: protocol " + protocol + " is not tcp or udp");
      }
      if (backends == null || backends.isEmpty()) throw new InvalidArgumentException("ambassador: port " + port + " has no backend");
      backends = List.copyOf(backends);
    }

    /** {@code 6379/tcp}. */
    public String key() {
      return port + "/" + protocol;
    }

    public Listener withBackends(List<Backend> newBackends) {
      return new Listener(port, protocol, newBackends);
    }
  }

  /**
   * The plan of a container whose link variables are {@code linkEnv} and whose own environment is {@code env}
   * ({@code NAME=value} each).
   *
   * @throws InvalidArgumentException naming the variable, when a value is not a list of {@code tcp://host:port}
   */
  public static AmbassadorPlan of(List<String> linkEnv, List<String> env) {
    Map<String, String> vars = new LinkedHashMap<>();
    for (List<String> source : List.of(linkEnv, env)) {
      for (String e : source) {
        int eq = e.indexOf('=');
        if (eq > 0) vars.put(e.substring(0, eq), e.substring(eq + 1));
      }
    }
    Map<String, List<Backend>> byKey = new LinkedHashMap<>();
    vars.forEach((name, value) -> {
      Matcher m = NAME.matcher(name);
      if (!m.matches() || m.group(1).contains("_ENV_") || m.group(1).endsWith("_ENV")) return;
      int port = Integer.parseInt(m.group(2));
      String protocol = m.group(3).toLowerCase(java.util.Locale.ROOT);
      List<Backend> backends = byKey.computeIfAbsent(port + "/" + protocol, k -> new ArrayList<>());
      for (Backend b : backends(name, value, protocol)) if (!backends.contains(b)) backends.add(b);
    });
    List<Listener> out = new ArrayList<>();
    byKey.forEach((key, backends) -> {
      int slash = key.indexOf('/');
      out.add(new Listener(Integer.parseInt(key.substring(0, slash)), key.substring(slash + 1), backends));
    });
    return new AmbassadorPlan(mode(env), out);
  }

  /**
   * The mode {@value #MODE_VARIABLE} names in the container's own environment (the last setting wins, as for any
   * variable); {@link Mode#PROXY} without it.
   *
   * @throws InvalidArgumentException naming the variable, for a value that is not {@code proxy} or {@code nat}
   */
  static Mode mode(List<String> env) {
    String value = null;
    for (String e : env) if (e.startsWith(MODE_VARIABLE + "=")) value = e.substring(MODE_VARIABLE.length() + 1);
    if (value == null || value.isBlank()) return Mode.PROXY;
    for (Mode m : Mode.values()) if (m.word().equalsIgnoreCase(value.strip())) return m;
    throw new InvalidArgumentException("ambassador: " + MODE_VARIABLE + "=" + value + ": want proxy (the default) or nat");
  }

  /**
   * Parses {@code proto://host:port[,proto://host:port…]}; {@code source} names where the text came from in the
   * error (a variable, or the retarget request).
   */
  public static List<Backend> backends(String source, String value, String protocol) {
    List<Backend> out = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String p = part.strip();
      String scheme = protocol + "://";
      if (!p.startsWith(scheme)) {
        throw new InvalidArgumentException("ambassador: " + source + "=" + value + ": \"" + p + "\" is not " + scheme + "host:port");
      }
      Backend b;
      try {
        b = Backend.parse(p);
      } catch (InvalidArgumentException e) {
        throw new InvalidArgumentException("ambassador: " + source + "=" + value + ": \"" + p + "\" is not " + scheme + "host:port");
      }
      if (b.host().isEmpty() || b.port() < 1 || b.port() > 65535) {
        throw new InvalidArgumentException("ambassador: " + source + "=" + value + ": \"" + p + "\" needs a host and a port in 1-65535");
      }
      out.add(b);
    }
    return out;
  }

  public boolean isEmpty() {
    return listeners.isEmpty();
  }
}
