package dev.berth.engine.stack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels Docker Compose v2 puts on what it makes, which Berth puts on a stack's containers, networks and
 * volumes too. They are the only record of a stack: {@code list}, {@code plan} and {@code down} find a project's
 * objects by them, and {@code docker compose}-aware tools (and Compose itself) recognise Berth's stacks by them.
 * Berth adds one label of its own, {@link #CONFIG}, the canonical service configuration the hash was taken of, so
 * that a plan can say which fields changed.
 */
final class ComposeLabels {
  static final String PROJECT = "com.docker.compose.project";
  static final String SERVICE = "com.docker.compose.service";
  static final String CONTAINER_NUMBER = "com.docker.compose.container-number";
  static final String CONFIG_HASH = "com.docker.compose.config-hash";
  static final String ONEOFF = "com.docker.compose.oneoff";
  static final String NETWORK = "com.docker.compose.network";
  static final String VOLUME = "com.docker.compose.volume";
  /** Berth's own: the canonical JSON of the service's configuration (see {@link CanonicalConfig}). */
  static final String CONFIG = "dev.berth.stack.config";

  private ComposeLabels() {}

  /** {@code label=project=name}, the filter that finds a project's objects. */
  static Map<String, java.util.List<String>> projectFilter(String project) {
    return Map.of("label", java.util.List.of(PROJECT + "=" + project));
  }

  /** The labels of a service's container: the user's, then Compose's (which win over a user label of that name). */
  static Map<String, String> container(String project, String service, Map<String, String> user, String hash,
      String canonicalJson) {
    Map<String, String> out = new LinkedHashMap<>(user);
    out.put(PROJECT, project);
    out.put(SERVICE, service);
    out.put(CONTAINER_NUMBER, "1");
    out.put(ONEOFF, "False");
    out.put(CONFIG_HASH, hash);
    out.put(CONFIG, canonicalJson);
    return out;
  }

  static Map<String, String> network(String project, String name, Map<String, String> user) {
    Map<String, String> out = new LinkedHashMap<>(user);
    out.put(PROJECT, project);
    out.put(NETWORK, name);
    return out;
  }

  static Map<String, String> volume(String project, String name, Map<String, String> user) {
    Map<String, String> out = new LinkedHashMap<>(user);
    out.put(PROJECT, project);
    out.put(VOLUME, name);
    return out;
  }
}
