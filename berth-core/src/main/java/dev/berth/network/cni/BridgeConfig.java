package dev.berth.network.cni;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The network configuration handed to the {@code bridge} plugin for one attachment, the same for ADD and DEL
 * (CNI requires DEL to see what ADD saw). The choices, measured in docs/networking.md:
 *
 * <pre>{@code
 * { "cniVersion": "1.0.0", "name": "<network>", "type": "bridge", "bridge": "<bridge>",
 *   "isGateway": true, "ipMasq": false, "hairpinMode": true, "mtu": <mtu, when the network has one>,
 *   "ipam": { "type": "static",
 *             "addresses": [ { "address": "<ipv4>/<prefix>", "gateway": "<gateway>" } ],
 *             "routes": [ { "dst": "0.0.0.0/0" } ] } }
 * }</pre>
 *
 * {@code isGateway} puts the gateway address on the bridge and makes it the default route's next hop;
 * {@code ipMasq} stays off because the daemon's own chains do NAT per network (the plugin's rules cost an
 * iptables exec per container and use fixed chain names); {@code hairpinMode} lets a container reach itself
 * through a published port; {@code static} IPAM because Berth allocates and persists addresses itself. Only the
 * first interface ({@code eth0}, the container's primary network) gets the default route: a container connected to
 * more networks keeps one way out, as in Docker, and the others give only their subnet's route. {@code mtu} appears
 * only when the network has one ({@code --mtu}, or the option {@code com.docker.network.driver.mtu}): the plugin gives
 * it to both ends of the veth pair and to the bridge when it makes it; the kernel then keeps the bridge at its ports'
 * lowest MTU.
 */
final class BridgeConfig {
  static final String CNI_VERSION = "1.0.0";
  /** The interface that carries the default route. */
  static final String PRIMARY_IFNAME = "eth0";
  private static final ObjectMapper JSON = new ObjectMapper();

  private BridgeConfig() {}

  static byte[] of(CniBridge.Attachment a) {
    ObjectNode conf = JSON.createObjectNode();
    conf.put("cniVersion", CNI_VERSION);
    conf.put("name", a.network());
    conf.put("type", "bridge");
    conf.put("bridge", a.bridge());
    conf.put("isGateway", true);
    conf.put("ipMasq", false);
    conf.put("hairpinMode", true);
    if (a.mtu() > 0) conf.put("mtu", a.mtu());
    ObjectNode ipam = conf.putObject("ipam");
    ipam.put("type", "static");
    ObjectNode address = ipam.putArray("addresses").addObject();
    address.put("address", a.ipv4() + "/" + a.prefixLength());
    address.put("gateway", a.gateway());
    ArrayNode routes = ipam.putArray("routes");
    if (PRIMARY_IFNAME.equals(a.ifname())) routes.addObject().put("dst", "0.0.0.0/0");
    try {
      return JSON.writeValueAsBytes(conf);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a CNI bridge config", e);
    }
  }
}
