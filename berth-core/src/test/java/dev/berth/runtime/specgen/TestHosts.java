package dev.berth.runtime.specgen;

import java.util.Map;

/** Host facts shaped like this machine's, fixed so tests do not depend on where they run. */
final class TestHosts {
  private TestHosts() {}

  /** nofile hard 20000, 2 CPUs, every capability but CAP_SYS_RESOURCE (bit 24). */
  static final HostFacts HOST = new HostFacts(
      Map.of("RLIMIT_NOFILE", new HostFacts.Limit(20000, 20000), "RLIMIT_NPROC", new HostFacts.Limit(96364, 96364),
          "RLIMIT_CORE", new HostFacts.Limit(0, -1)),
      2, 0x1fffeffffffL);
}
