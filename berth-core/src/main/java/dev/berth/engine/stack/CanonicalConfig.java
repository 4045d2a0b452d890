package dev.berth.engine.stack;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.oci.Digest;
import dev.berth.oci.Json;
import dev.berth.runtime.container.Healthcheck;
import dev.berth.stack.Service;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A service's effective configuration in one canonical form: a JSON object keyed by Compose's field names, with
 * the names resolved (networks, volumes, links and {@code volumes_from} as the engine names them), sorted where
 * order does not matter, and unset fields left out. Its sha256 is the {@code com.docker.compose.config-hash}
 * label, so two applies of the same service make the same hash, and any change that would make a different
 * container makes a different one. The compose labels themselves are not part of it (they hold the hash).
 * Dependencies ({@code depends_on}) are not part of it either: they order the apply but do not make the container.
 */
final class CanonicalConfig {
  private CanonicalConfig() {}

  /** The canonical JSON of {@code service} in {@code names}' project. */
  static String of(Service service, StackNames names) {
    TreeMap<String, Object> m = new TreeMap<>();
    m.put("image", names.image(service));
    put(m, "command", service.command());
    put(m, "entrypoint", service.entrypoint());
    put(m, "environment", new TreeMap<>(service.environment()));
    put(m, "ports", service.ports().stream().map(CanonicalConfig::port).sorted().toList());
    put(m, "expose", List.copyOf(new TreeSet<>(service.expose())));
    put(m, "volumes", service.volumes().stream().map(v -> volume(v, names)).sorted().toList());
    put(m, "volumes_from", ServiceTranslator.volumesFrom(service, names));
    put(m, "links", ServiceTranslator.links(service, names).stream().sorted().toList());
    put(m, "networks", networks(service, names));
    put(m, "restart", service.restart());
    put(m, "healthcheck", healthcheck(service.healthcheck()));
    put(m, "labels", new TreeMap<>(service.labels()));
    put(m, "hostname", service.hostname());
    put(m, "user", service.user());
    put(m, "working_dir", service.workingDir());
    if (service.privileged()) m.put("privileged", true);
    put(m, "cap_add", List.copyOf(new TreeSet<>(service.capAdd())));
    put(m, "cap_drop", List.copyOf(new TreeSet<>(service.capDrop())));
    return Json.writeString(m);
  }

  /** The config hash: the hex sha256 of the canonical JSON. */
  static String hash(String canonicalJson) {
    return Digest.sha256(canonicalJson.getBytes(StandardCharsets.UTF_8)).encoded();
  }

  /**
   * The fields that differ between two canonical forms, in name order ({@code environment}, {@code ports}); empty
   * when the old form is unknown or unreadable (an older container, or one another tool labelled).
   */
  static List<String> changedFields(String oldJson, String newJson) {
    if (oldJson == null || oldJson.isEmpty()) return List.of();
    Map<String, Object> before;
    Map<String, Object> after;
    try {
      before = Json.MAPPER.readValue(oldJson, new TypeReference<TreeMap<String, Object>>() {});
      after = Json.MAPPER.readValue(newJson, new TypeReference<TreeMap<String, Object>>() {});
    } catch (java.io.IOException e) {
      return List.of();
    }
    TreeSet<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    List<String> out = new ArrayList<>();
    for (String k : keys) if (!Objects.equals(before.get(k), after.get(k))) out.add(k);
    return out;
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value == null) return;
    if (value instanceof java.util.Collection<?> c && c.isEmpty()) return;
    if (value instanceof Map<?, ?> map && map.isEmpty()) return;
    m.put(key, value);
  }

  private static String port(Service.PortSpec p) {
    return (p.hostIp() == null ? "" : p.hostIp()) + ":" + (p.published() == null ? "" : p.published()) + ":"
        + p.target() + "/" + p.protocol();
  }

  private static String volume(Service.ServiceVolume v, StackNames names) {
    String source = switch (v.type()) {
      case VOLUME -> v.source() == null ? "" : names.volume(v.source());
      case BIND -> v.source();
      case TMPFS -> "";
    };
    return v.type().name().toLowerCase() + ":" + source + ":" + v.target() + (v.readOnly() ? ":ro" : "");
  }

  private static Map<String, List<String>> networks(Service service, StackNames names) {
    TreeMap<String, List<String>> out = new TreeMap<>();
    for (Service.ServiceNetwork n : StackNames.networksOf(service)) {
      out.put(names.network(n.network()), List.copyOf(new TreeSet<>(ServiceTranslator.aliases(service, n))));
    }
    return out;
  }

  private static Map<String, Object> healthcheck(Healthcheck h) {
    if (h == null) return null;
    TreeMap<String, Object> m = new TreeMap<>();
    m.put("test", h.test());
    m.put("interval", h.interval());
    m.put("timeout", h.timeout());
    m.put("start_period", h.startPeriod());
    m.put("start_interval", h.startInterval());
    m.put("retries", h.retries());
    return m;
  }
}
