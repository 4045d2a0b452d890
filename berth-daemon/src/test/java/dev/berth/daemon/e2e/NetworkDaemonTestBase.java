package dev.berth.daemon.e2e;

import dev.berth.network.NetworkDefaults;
import dev.berth.network.Subnet;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One {@link ContainerDaemon} per test class with network settings of its own ({@link #networkDefaults}, usually
 * {@link NetTestKit#uniqueDefaults}): started before the first test; after each test (even a failed one) emptied of
 * containers, volumes and user networks, whose bridges are noted; after the last stopped, with what it left of its
 * networking taken down ({@link NetTestKit#removeLeftovers}). A class that checks the stopped daemon cleaned up after
 * itself overrides {@link #afterStop}, which sees what was left before that safety net ran.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NetworkDaemonTestBase {
  protected NetworkDefaults defaults;
  protected ContainerDaemon d;
  /** The default bridge and every user network's bridge the tests made: what the safety net removes. */
  protected final List<String> bridges = new ArrayList<>();

  /** What the stopped daemon left of its networking (after its own clean stop and the fixture's chain removal). */
  record Leftovers(String rules, List<String> bridges, boolean netnsFiles) {
    Leftovers {
      bridges = List.copyOf(bridges);
    }
  }

  /** The daemon's network settings; called once, before the daemon starts. */
  protected abstract NetworkDefaults networkDefaults();

  /** Checks on what the stopped daemon left, before the safety net removes it; by default none. */
  protected void afterStop(Leftovers left) {}

  @BeforeAll
  void startDaemon() throws Exception {
    defaults = networkDefaults();
    bridges.add(defaults.bridge());
    d = ContainerDaemon.start(defaults);
  }

  @AfterEach
  void removeContainersAndNetworks() throws Exception {
    d.removeAll();
    for (String id : d.docker("network", "ls", "-q", "--no-trunc", "--filter", "type=custom").out().split("\\s+")) {
      if (id.isBlank()) continue;
      bridges.add(defaults.bridgePrefix() + id.substring(0, 8));
      d.docker("network", "rm", id);
    }
  }

  @AfterAll
  void stopDaemon() throws Exception {
    Leftovers left;
    try {
      if (d != null) d.close();
    } finally {
      left = leftovers();
      NetTestKit.removeLeftovers(defaults, bridges);
    }
    afterStop(left);
  }

  /** The default bridge's address: the gateway of the daemon's default subnet. */
  protected String gateway() {
    return Subnet.dotted(defaults.subnet().at(1));
  }

  /** The host port {@code docker port} shows for the container's {@code port} (the first line). */
  protected int hostPort(String container, String port) throws Exception {
    String line = d.ok("port", container, port).out().lines().findFirst().orElseThrow();
    return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
  }

  private Leftovers leftovers() throws Exception {
    String rules = NetTestKit.sh("iptables-save"); // every table
    List<String> links = bridges.stream().filter(NetTestKit::linkExists).toList();
    boolean netns = false;
    if (Files.isDirectory(defaults.netnsDir())) {
      try (var files = Files.list(defaults.netnsDir())) {
        netns = files.findAny().isPresent();
      }
    }
    return new Leftovers(rules, links, netns);
  }
}
