package dev.berth.runtime.container;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.runtime.specgen.Ulimit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Resource limits, Docker's {@code HostConfig} fields of the same names. 0 means unlimited throughout, and
 * for {@code pidsLimit} so does -1; {@code memorySwap} -1 means unlimited swap.
 *
 * @param memory bytes; Docker refuses limits below 6 MiB
 * @param nanoCpus CPU time in billionths of a CPU ({@code --cpus 1.5} is 1500000000)
 */
public record ResourceConfig(long memory, long memorySwap, long nanoCpus, long cpuShares, long pidsLimit, List<Ulimit> ulimits) {
  public static final ResourceConfig UNLIMITED = new ResourceConfig(0, 0, 0, 0, 0, null);
  public static final long MIN_MEMORY = 6L * 1024 * 1024;

  public ResourceConfig {
    if (memory < 0) throw new InvalidArgumentException("invalid memory limit " + memory + ": must not be negative");
    if (memory > 0 && memory < MIN_MEMORY) throw new InvalidArgumentException("Minimum memory limit allowed is 6MB, got " + memory + " bytes");
    if (memorySwap < -1) throw new InvalidArgumentException("invalid memory-swap limit " + memorySwap + ": must be -1 (unlimited) or more");
    if (memorySwap > 0 && memory > 0 && memorySwap < memory) {
      throw new InvalidArgumentException("Minimum memoryswap limit should be larger than memory limit, see usage");
    }
    if (memorySwap > 0 && memory == 0) throw new InvalidArgumentException("You should always set the Memory limit when using Memoryswap limit, see usage");
    if (nanoCpus < 0) throw new InvalidArgumentException("invalid CPU limit " + nanoCpus + ": NanoCPUs must not be negative");
    if (cpuShares < 0) throw new InvalidArgumentException("invalid CPU shares " + cpuShares + ": must not be negative");
    if (pidsLimit < -1) throw new InvalidArgumentException("invalid pids limit " + pidsLimit + ": must be -1 (unlimited) or more");
    ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
    Set<String> names = new HashSet<>();
    for (Ulimit u : ulimits) {
      if (!names.add(u.name())) throw new InvalidArgumentException("invalid ulimits: " + u.name() + " is given twice");
    }
  }

  /** {@code --cpus 1.5} in Docker's NanoCPUs, rejecting more than 9 decimals' precision being lost silently. */
  public static long nanoCpus(String cpus) {
    try {
      java.math.BigDecimal n = new java.math.BigDecimal(cpus).movePointRight(9);
      if (n.signum() < 0) throw new InvalidArgumentException("invalid --cpus '" + cpus + "': must not be negative");
      return n.setScale(0, java.math.RoundingMode.UNNECESSARY).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new InvalidArgumentException("invalid --cpus '" + cpus + "': expected a decimal number of CPUs such as 1.5");
    }
  }
}
