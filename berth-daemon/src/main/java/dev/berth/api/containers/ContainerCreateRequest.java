package dev.berth.api.containers;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /containers/create}: Docker's {@code Config} members at the top level, with
 * {@code HostConfig} and {@code NetworkingConfig} beside them (networking is kept for later and not used).
 * See {@link DockerConfig} and {@link DockerHostConfig} for examples.
 */
public record ContainerCreateRequest(DockerConfig config, DockerHostConfig hostConfig, JsonNode networkingConfig) {
  private static final String WHAT = "container create request";

  /** Parses the body; 400 naming the field when a member has the wrong type. */
  public static ContainerCreateRequest parse(byte[] body) {
    JsonNode root = WireJson.tree(body, WHAT);
    DockerConfig config = WireJson.bind(root, DockerConfig.class, "", WHAT);
    DockerHostConfig host = WireJson.bind(member(root, "HostConfig"), DockerHostConfig.class, "HostConfig", WHAT);
    return new ContainerCreateRequest(config, host, member(root, "NetworkingConfig"));
  }

  /** A member by name in any case, as Go's decoder matches it. */
  private static JsonNode member(JsonNode root, String name) {
    for (var e : root.properties()) {
      if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
    }
    return null;
  }
}
