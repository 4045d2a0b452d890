package dev.berth.network.firewall;

import dev.berth.network.firewall.FirewallState.BridgeNet;
import dev.berth.network.firewall.FirewallState.PublishedPort;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a {@link FirewallState} into the {@code iptables-restore --noflush} text that redefines this daemon's
 * chains. Each chain is declared ({@code :CHAIN - [0:0]}), which under {@code --noflush} creates it or empties
 * it, so the batch replaces the chains' whole content atomically and applying it twice gives the same rules.
 * Rules are spelled as iptables-save prints them, so {@link Firewall#dump()} shows exactly these lines.
 *
 * <p>Docker's semantics, per bridge network: replies and related traffic in, anything out of the bridge
 * (outbound and, through br_netfilter, same-bridge traffic), the two isolation stages (from one of this
 * daemon's bridges to another is dropped), {@code --internal} (nothing leaves or enters the bridge through
 * FORWARD; no masquerade) and masquerade of the subnet when it leaves the bridge. Per published port: the
 * DNAT, the FORWARD accept to the container port and the hairpin masquerade (a container reaching its own
 * published port), each tagged with the container in a comment.
 */
final class RulesRenderer {
  private final ChainNames names;

  RulesRenderer(ChainNames names) {
    this.names = names;
  }

  /** The whole batch: the filter table, then the nat table. */
  String render(FirewallState state) {
    Set<String> internal = state.networks().stream().filter(BridgeNet::internal).map(BridgeNet::bridge)
        .collect(Collectors.toUnmodifiableSet());
    List<PublishedPort> ports = state.ports().stream()
        .filter(p -> !p.ipv6() && !internal.contains(p.bridge())).toList();
    StringBuilder out = new StringBuilder();
    filter(out, state.networks(), ports);
    nat(out, state.networks(), ports);
    if (names.loopbackDnat()) raw(out, state.networks());
    return out.toString();
  }

  /**
   * Without the userland proxy: packets addressed to 127.0.0.0/8 that come in from one of our bridges are dropped
   * before conntrack, so {@code route_localnet} on the bridge cannot carry a container's own such packets to the
   * host's loopback services. The replies of the DNAT-ed loopback connections are not touched: they arrive
   * addressed to the bridge's gateway (the masquerade) and become 127.0.0.1 only after this chain.
   */
  private void raw(StringBuilder out, List<BridgeNet> networks) {
    out.append("*raw\n");
    declare(out, ChainNames.RAW);
    for (BridgeNet n : networks) rule(out, names.localnet(), "-d 127.0.0.0/8 -i " + n.bridge() + " -j DROP");
    out.append("COMMIT\n");
  }

  private void filter(StringBuilder out, List<BridgeNet> networks, List<PublishedPort> ports) {
    out.append("*filter\n");
    declare(out, ChainNames.FILTER);
    rule(out, names.forward(), "-j " + names.isolation1());
    for (BridgeNet n : networks) {
      rule(out, names.forward(), "-o " + n.bridge() + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
      rule(out, names.forward(), "-i " + n.bridge() + " -j ACCEPT");
    }
    for (PublishedPort p : ports) {
      rule(out, names.forward(), "-d " + p.containerIp() + "/32 ! -i " + p.bridge() + " -o " + p.bridge() + " "
          + match(p.protocol(), p.containerPort()) + comment(p) + " -j ACCEPT");
    }
    for (BridgeNet n : networks) {
      if (n.internal()) {
        rule(out, names.isolation1(), "-i " + n.bridge() + " ! -o " + n.bridge() + " -j DROP");
        rule(out, names.isolation1(), "! -i " + n.bridge() + " -o " + n.bridge() + " -j DROP");
      } else {
        rule(out, names.isolation1(), "-i " + n.bridge() + " ! -o " + n.bridge() + " -j " + names.isolation2());
      }
    }
    for (BridgeNet n : networks) {
      rule(out, names.isolation2(), "-o " + n.bridge() + " -j DROP");
    }
    out.append("COMMIT\n");
  }

  private void nat(StringBuilder out, List<BridgeNet> networks, List<PublishedPort> ports) {
    out.append("*nat\n");
    declare(out, ChainNames.NAT);
    for (PublishedPort p : ports) {
      String host = p.hostIp().equals("0.0.0.0") ? "" : "-d " + p.hostIp() + "/32 ";
      rule(out, names.dnat(), host + match(p.protocol(), p.hostPort()) + comment(p)
          + " -j DNAT --to-destination " + p.containerIp() + ":" + p.containerPort());
    }
    for (BridgeNet n : networks) {
      if (!n.internal()) {
        rule(out, names.postrouting(), "-s " + n.subnet() + " ! -o " + n.bridge() + " -j MASQUERADE");
      }
    }
    for (PublishedPort p : ports) {
      rule(out, names.postrouting(), "-s " + p.containerIp() + "/32 -d " + p.containerIp() + "/32 "
          + match(p.protocol(), p.containerPort()) + comment(p) + " -j MASQUERADE");
      if (names.loopbackDnat()) {
        rule(out, names.postrouting(), "-s 127.0.0.0/8 -d " + p.containerIp() + "/32 -o " + p.bridge() + " "
            + match(p.protocol(), p.containerPort()) + comment(p) + " -j MASQUERADE");
      }
    }
    out.append("COMMIT\n");
  }

  private void declare(StringBuilder out, String table) {
    for (String chain : names.chains(table)) {
      out.append(':').append(chain).append(" - [0:0]\n");
    }
  }

  private static void rule(StringBuilder out, String chain, String spec) {
    out.append("-A ").append(chain).append(' ').append(spec).append('\n');
  }

  private static String match(String protocol, int port) {
    return "-p " + protocol + " -m " + protocol + " --dport " + port;
  }

  /**
   * The container's tag as a comment. The tag is reduced to characters that need no quoting inside the
   * comment (a container ID or name always is), and the comment to xt_comment's 255 bytes.
   */
  private static String comment(PublishedPort p) {
    if (p.tag().isEmpty()) return "";
    String tag = p.tag().replaceAll("[^A-Za-z0-9_.:=/-]", "_");
    String text = "berth c=" + (tag.length() > 200 ? tag.substring(0, 200) : tag);
    return " -m comment --comment \"" + text + "\"";
  }
}
