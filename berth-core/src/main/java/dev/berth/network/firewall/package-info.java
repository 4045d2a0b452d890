/**
 * The daemon's iptables rules: its own chains (named with its prefix), jumps to them from the built-in
 * chains, and their whole content regenerated from the networks and published ports and applied in one
 * {@code iptables-restore --noflush} batch, so a change is atomic and two daemons with different prefixes
 * never touch each other's rules. Docker's semantics: masquerade out of each non-internal network,
 * isolation between networks (DOCKER-ISOLATION's two stages), DNAT of published ports from other
 * namespaces and the host (loopback is left to the userland proxy, or DNAT-ed too with {@code userland-proxy:
 * false}, with a raw-table drop of packets to 127.0.0.0/8 from our bridges), hairpin. Never changes a chain policy.
 *
 * <p>Public: {@link dev.berth.network.firewall.Firewall} and {@link dev.berth.network.firewall.FirewallState}.
 * Inside: {@code RulesRenderer} (state to batch text), {@code ChainSetup} (install/uninstall batches from what
 * {@code iptables-save} shows), {@code IptablesRunner}/{@code ProcessIptables} (the two tools, with deadlines).
 * Also {@link dev.berth.network.firewall.NatForwarding}: the rules of a namespace that is not the daemon's (the
 * ambassador's NAT mode: DNAT, MASQUERADE and counting rules in the container's own namespace, run through
 * {@code nsenter --net}), and {@link dev.berth.network.firewall.ConntrackTable}, which counts its open connections.
 * Uses {@code errors}, {@code network}'s {@link dev.berth.network.Subnet} and the JDK; the rules are described
 * in docs/networking.md, "Firewall rules".
 */
package dev.berth.network.firewall;
