package dev.berth.stack;

import dev.berth.runtime.container.Healthcheck;
import java.util.List;
import java.util.Map;

/**
 * One service, resolved. Null means "not set in the file" (the image's default applies) for {@code command},
 * {@code entrypoint}, {@code healthcheck}, {@code restart}, {@code hostname}, {@code user} and
 * {@code workingDir}; collections are empty when absent. {@code command} and {@code entrypoint} are exec-form
 * argument lists (a string in the file is split as a shell splits words, as Compose does, not wrapped in
 * {@code sh -c}). {@code environment} already holds the {@code env_file} entries, overridden by
 * {@code environment}; a variable listed without a value and unset in the reader's environment is left out.
 * {@code restart} is Compose's text ({@code no}, {@code always}, {@code on-failure[:N]}, {@code unless-stopped}).
 * {@code image} may be null only when {@code build} is set; the image then is {@code <project>-<service>}.
 * {@code networks} empty means the project's {@code default} network.
 */
public record Service(
    String name,
    String image,
    BuildSpec build,
    List<String> command,
    List<String> entrypoint,
    Map<String, String> environment,
    List<PortSpec> ports,
    List<String> expose,
    List<ServiceVolume> volumes,
    List<String> volumesFrom,
    List<Link> links,
    List<ServiceNetwork> networks,
    List<DependsOn> dependsOn,
    String restart,
    Healthcheck healthcheck,
    Map<String, String> labels,
    String hostname,
    String user,
    String workingDir,
    boolean privileged,
    List<String> capAdd,
    List<String> capDrop,
    StackLocation location) {
  public Service {
    if (name == null || name.isEmpty()) throw new IllegalArgumentException("a service needs a name");
    command = command == null ? null : List.copyOf(command);
    entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
    environment = environment == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
    ports = ports == null ? List.of() : List.copyOf(ports);
    expose = expose == null ? List.of() : List.copyOf(expose);
    volumes = volumes == null ? List.of() : List.copyOf(volumes);
    volumesFrom = volumesFrom == null ? List.of() : List.copyOf(volumesFrom);
    links = links == null ? List.of() : List.copyOf(links);
    networks = networks == null ? List.of() : List.copyOf(networks);
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
    capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
    capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
    location = location == null ? StackLocation.UNKNOWN : location;
  }

  /** {@code build:}: the context directory (absolute on the client that read the file) and its options. */
  public record BuildSpec(String context, String dockerfile, Map<String, String> args, String target) {
    public BuildSpec {
      args = args == null ? Map.of() : Map.copyOf(args);
    }
  }

  /** One published port; {@code published} null means a random host port; {@code hostIp} null means all. */
  public record PortSpec(String hostIp, Integer published, int target, String protocol) {
    public PortSpec {
      protocol = protocol == null ? "tcp" : protocol;
      if (target < 1 || target > 65535) throw new IllegalArgumentException("port out of range: " + target);
    }
  }

  /**
   * One mount: a named volume (source: the name as written in the file; null for an anonymous volume), a bind
   * mount (source: an absolute host path) or a tmpfs.
   */
  public record ServiceVolume(Type type, String source, String target, boolean readOnly) {
    public enum Type { VOLUME, BIND, TMPFS }
  }

  /** {@code links: [service[:alias]]}; {@code alias} equals {@code service} when none is given. */
  public record Link(String service, String alias) {}

  /** A network the service joins (its name as written in the file) and its aliases there. */
  public record ServiceNetwork(String network, List<String> aliases) {
    public ServiceNetwork {
      aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }
  }

  /** {@code depends_on}: the short form means {@link Condition#STARTED}. */
  public record DependsOn(String service, Condition condition) {
    public enum Condition { STARTED, HEALTHY, COMPLETED_SUCCESSFULLY }
  }
}
