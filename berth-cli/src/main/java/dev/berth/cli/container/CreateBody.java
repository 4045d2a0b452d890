package dev.berth.cli.container;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.tty.Tty;
import java.util.List;
import java.util.Map;

/**
 * Turns {@link ContainerOptions} into the body of {@code POST /containers/create}, field for field what the
 * docker CLI sends (the same names, defaults and order), so that berthd sees one request shape from both
 * clients. Every value is checked here; a bad one throws {@link BadFlagException} before any request.
 */
final class CreateBody {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /**
   * A checked create call.
   *
   * @param name the {@code name} query parameter, or null
   * @param platform the {@code platform} query parameter, or null
   * @param body the JSON body
   */
  record Create(String name, String platform, ObjectNode body) {
    boolean tty() {
      return body.path("Tty").asBoolean();
    }

    boolean attachStdin() {
      return body.path("AttachStdin").asBoolean();
    }

    boolean attachStdout() {
      return body.path("AttachStdout").asBoolean();
    }

    boolean attachStderr() {
      return body.path("AttachStderr").asBoolean();
    }

    boolean autoRemove() {
      return body.path("HostConfig").path("AutoRemove").asBoolean();
    }

    String image() {
      return body.path("Image").asText();
    }
  }

  private CreateBody() {}

  /**
   * @param detached {@code run -d}: nothing is attached
   * @param consoleSize the terminal's size for {@code -t} on a terminal, else null
   */
  static Create build(ContainerOptions o, String image, List<String> command, boolean detached, Map<String, String> clientEnv, Tty.Size consoleSize) {
    if (o.pull != null) Policies.pull(o.pull);
    String platform = o.platform == null ? null : Policies.platform(o.platform);
    ObjectNode body = JSON.objectNode();
    body.put("Hostname", nz(o.hostname)).put("Domainname", "").put("User", nz(o.user));
    attach(o, detached, body);
    ObjectNode exposed = JSON.objectNode();
    o.expose.forEach(e -> Policies.expose(e, exposed));
    PortSpecs.apply(o.publish, JSON.objectNode(), exposed);
    if (!exposed.isEmpty()) body.set("ExposedPorts", exposed);
    body.put("Tty", o.tty).put("OpenStdin", o.interactive).put("StdinOnce", o.interactive && body.path("AttachStdin").asBoolean());
    List<String> env = EnvFiles.env(o.envFiles, o.env, clientEnv);
    body.set("Env", env.isEmpty() ? JSON.nullNode() : strings(env));
    body.set("Cmd", command.isEmpty() ? JSON.nullNode() : strings(command));
    ObjectNode health = HealthFlags.healthcheck(o);
    if (health != null) body.set("Healthcheck", health);
    body.put("Image", image);
    ObjectNode volumes = body.putObject("Volumes");
    o.volumes.stream().filter(MountSpecs::anonymous).forEach(v -> volumes.set(v, JSON.objectNode()));
    body.put("WorkingDir", nz(o.workdir));
    body.set("Entrypoint", o.entrypoint == null ? JSON.nullNode() : strings(List.of(o.entrypoint)));
    body.putNull("OnBuild");
    ObjectNode labels = body.putObject("Labels");
    EnvFiles.labels(o.labelFiles, o.labels).forEach(labels::put);
    if (o.stopSignal != null) body.put("StopSignal", o.stopSignal);
    if (o.stopTimeout != null) body.put("StopTimeout", (int) Values.integer("--stop-timeout", o.stopTimeout));
    body.set("HostConfig", HostConfigBody.build(o, consoleSize));
    body.set("NetworkingConfig", networking(o));
    return new Create(o.name, platform, body);
  }

  private static void attach(ContainerOptions o, boolean detached, ObjectNode body) {
    List<String> streams = o.attach.stream().map(Policies::attachStream).toList();
    if (detached && !streams.isEmpty()) throw new BadFlagException("Conflicting options: -a and -d");
    boolean explicit = !streams.isEmpty();
    body.put("AttachStdin", !detached && (explicit ? streams.contains("stdin") : o.interactive));
    body.put("AttachStdout", !detached && (!explicit || streams.contains("stdout")));
    body.put("AttachStderr", !detached && (!explicit || streams.contains("stderr")));
  }

  /**
   * The endpoint of the network given (docker sends one for every mode but none, host and container:), with the
   * {@code --network-alias}es and the {@code --ip}; those two need a user network, as docker says.
   */
  private static ObjectNode networking(ContainerOptions o) {
    String mode = o.network == null || o.network.isEmpty() ? "default" : o.network;
    boolean user = !List.of("default", "bridge", "none", "host").contains(mode) && !mode.startsWith("container:");
    if (!user && !o.networkAliases.isEmpty()) throw new BadFlagException("network-scoped alias is supported only for containers in user defined networks");
    if (!user && o.ip != null) throw new BadFlagException("user specified IP address is supported on user defined networks only");
    ObjectNode endpoints = JSON.objectNode();
    if (!mode.equals("none") && !mode.equals("host") && !mode.startsWith("container:")) {
      ObjectNode e = endpoints.putObject(mode);
      if (o.ip == null) e.putNull("IPAMConfig"); else e.putObject("IPAMConfig").put("IPv4Address", o.ip);
      e.putNull("Links");
      if (o.networkAliases.isEmpty()) e.putNull("Aliases"); else e.set("Aliases", strings(o.networkAliases));
      e.put("MacAddress", "").putNull("DriverOpts").put("GwPriority", 0)
          .put("NetworkID", "").put("EndpointID", "").put("Gateway", "").put("IPAddress", "").put("IPPrefixLen", 0)
          .put("IPv6Gateway", "").put("GlobalIPv6Address", "").put("GlobalIPv6PrefixLen", 0).putNull("DNSNames");
    }
    ObjectNode config = JSON.objectNode();
    config.set("EndpointsConfig", endpoints);
    return config;
  }

  static ArrayNode strings(List<String> values) {
    ArrayNode array = JSON.arrayNode();
    values.forEach(array::add);
    return array;
  }

  static String nz(String s) {
    return s == null ? "" : s;
  }
}
