package dev.berth.engine.network;

import dev.berth.network.Network;
import dev.berth.network.cni.CniBridge;
import dev.berth.network.firewall.Firewall;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a clean daemon stop does to the host's networking. When no container's network is up, the daemon removes
 * its own iptables chains and rules and the bridges of its networks (the default one and the user networks), as
 * podman's netavark teardown does and dockerd does not: a stopped berthd leaves nothing on the host. The next start
 * installs the chains again, and the CNI bridge plugin makes a bridge again at the first container attached to it.
 * When containers still run (live restore), everything stays so that they keep their network, and the log says so.
 * A bridge the daemon did not make (one that was there before its first container, see {@link OwnedBridges}) stays.
 */
final class CleanStop {
  private static final Logger LOG = LoggerFactory.getLogger(CleanStop.class);

  private CleanStop() {}

  /**
   * @param running the containers whose network is up (they keep everything)
   * @param networks every network of the daemon; the bridge ones lose their bridge
   * @return what was removed, for the log and tests ("chains BERTH", "bridge berth0", …); empty when kept
   */
  static List<String> run(List<String> running, Firewall firewall, CniBridge cni, List<Network> networks, OwnedBridges owned) {
    if (!running.isEmpty()) {
      LOG.info("berthd stops with {} container(s) on its networks ({}): keeping the bridges and the {} iptables chains "
          + "so they keep their network", running.size(), String.join(", ", running.stream().map(CleanStop::shortId).toList()),
          firewall.prefix());
      return List.of();
    }
    List<String> removed = new ArrayList<>();
    try {
      firewall.uninstall();
      removed.add("chains " + firewall.prefix());
    } catch (RuntimeException e) {
      LOG.warn("while stopping, removing the iptables chains of {}: {}", firewall.prefix(), e.getMessage());
    }
    for (Network n : networks) {
      if (!n.isBridge() || n.bridge() == null || !owned.owned(n.bridge())) continue;
      try {
        cni.deleteBridge(n.bridge());
        owned.forget(n.bridge());
        removed.add("bridge " + n.bridge());
      } catch (RuntimeException e) {
        LOG.warn("while stopping, removing the bridge {} of network {}: {}", n.bridge(), n.name(), e.getMessage());
      }
    }
    LOG.info("no container runs on berthd's networks: removed {}", String.join(", ", removed));
    return List.copyOf(removed);
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
