package dev.berth.runtime.specgen;

import java.util.List;

/**
 * Resource limits: {@code --memory} and {@code --memory-swap} in bytes (swap -1 for unlimited),
 * {@code --cpus} (fractional CPUs), {@code --cpu-shares}, {@code --pids-limit} (-1 or 0 for unlimited),
 * {@code --ulimit} and {@code --oom-score-adj}. A null member means "not set".
 */
public record ResourceOptions(
    Long memory, Long memorySwap, Double cpus, Long cpuShares, Long pidsLimit, List<Ulimit> ulimits, Integer oomScoreAdj) {

  public static final ResourceOptions NONE = new ResourceOptions(null, null, null, null, null, List.of(), null);

  public ResourceOptions {
    ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
  }

  public ResourceOptions withMemory(Long m) {
    return new ResourceOptions(m, memorySwap, cpus, cpuShares, pidsLimit, ulimits, oomScoreAdj);
  }

  public ResourceOptions withMemorySwap(Long s) {
    return new ResourceOptions(memory, s, cpus, cpuShares, pidsLimit, ulimits, oomScoreAdj);
  }

  public ResourceOptions withCpus(Double c) {
    return new ResourceOptions(memory, memorySwap, c, cpuShares, pidsLimit, ulimits, oomScoreAdj);
  }

  public ResourceOptions withCpuShares(Long s) {
    return new ResourceOptions(memory, memorySwap, cpus, s, pidsLimit, ulimits, oomScoreAdj);
  }

  public ResourceOptions withPidsLimit(Long p) {
    return new ResourceOptions(memory, memorySwap, cpus, cpuShares, p, ulimits, oomScoreAdj);
  }

  public ResourceOptions withUlimits(List<Ulimit> u) {
    return new ResourceOptions(memory, memorySwap, cpus, cpuShares, pidsLimit, u, oomScoreAdj);
  }

  public ResourceOptions withOomScoreAdj(Integer o) {
    return new ResourceOptions(memory, memorySwap, cpus, cpuShares, pidsLimit, ulimits, o);
  }
}
