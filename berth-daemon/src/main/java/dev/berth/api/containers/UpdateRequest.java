package dev.berth.api.containers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.runtime.container.ResourceConfig;
import dev.berth.runtime.container.RestartPolicy;

/**
 * The body of {@code POST /containers/{id}/update}, e.g. {@code {"Memory":134217728,"MemorySwap":0,
 * "NanoCpus":0,"CpuShares":0,"RestartPolicy":{"Name":"","MaximumRetryCount":0}}}. As in Docker, a zero or
 * absent limit and an empty policy name leave the current value; {@code PidsLimit} changes whenever given.
 */
public record UpdateRequest(Long Memory, Long MemorySwap, Long NanoCpus, Long CpuShares, Long PidsLimit,
    DockerHostConfig.RestartPolicy RestartPolicy) {
  private static final String WHAT = "container update request";

  public static UpdateRequest parse(byte[] body) {
    JsonNode root = WireJson.tree(body, WHAT);
    return WireJson.bind(root, UpdateRequest.class, "", WHAT);
  }

  /** {@code current} with the given limits applied. */
  public ResourceConfig resources(ResourceConfig current) {
    return new ResourceConfig(
        given(Memory) ? Memory : current.memory(),
        given(MemorySwap) ? MemorySwap : current.memorySwap(),
        given(NanoCpus) ? NanoCpus : current.nanoCpus(),
        given(CpuShares) ? CpuShares : current.cpuShares(),
        PidsLimit != null ? PidsLimit : current.pidsLimit(),
        current.ulimits());
  }

  /** The new policy, or null to keep the current one. */
  public RestartPolicy restartPolicy() {
    if (RestartPolicy == null || RestartPolicy.Name() == null || RestartPolicy.Name().isEmpty()) return null;
    return dev.berth.runtime.container.RestartPolicy.of(RestartPolicy.Name(), RestartPolicy.MaximumRetryCount());
  }

  private static boolean given(Long v) {
    return v != null && v != 0;
  }
}
