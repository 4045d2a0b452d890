package dev.berth.network.firewall;

import dev.berth.errors.InvalidArgumentException;
import java.util.List;

/**
 * The names of one daemon's chains, and the jumps from the built-in chains to them. Ownership is by exact
 * name, never by prefix match: daemon {@code BNA} must not claim daemon {@code BNAB}'s chains.
 *
 * @param loopbackDnat whether connections to 127.0.0.0/8 are DNAT-ed too ({@code userland-proxy: false}); when
 *     false they are left to the userland proxy
 */
record ChainNames(String prefix, boolean loopbackDnat) {
  static final String FILTER = "filter";
  static final String NAT = "nat";
  static final String RAW = "raw";
  /** The tables the firewall reads and writes, in batch order. */
  static final List<String> TABLES = List.of(FILTER, NAT, RAW);

  ChainNames {
    if (prefix == null || !prefix.matches("[A-Za-z][A-Za-z0-9_]{0,13}")) {
      throw new InvalidArgumentException("invalid iptables chain prefix '" + prefix
          + "': a letter, then up to 13 letters, digits or _");
    }
  }

  /** With loopback left to the userland proxy. */
  ChainNames(String prefix) {
    this(prefix, false);
  }

  /** A rule in a built-in chain that sends packets to one of ours, in iptables-save's own spelling. */
  record Jump(String table, String chain, String spec) {
    /** The line iptables-save prints for this jump. */
    String saved() {
      return "-A " + chain + " " + spec;
    }
  }

  String forward() {
    return prefix + "-FORWARD";
  }

  String isolation1() {
    return prefix + "-ISOLATION-1";
  }

  String isolation2() {
    return prefix + "-ISOLATION-2";
  }

  String dnat() {
    return prefix + "-DNAT";
  }

  String postrouting() {
    return prefix + "-POSTROUTING";
  }

  /**
   * The raw table's chain, only without the userland proxy: it drops packets addressed to 127.0.0.0/8 that
   * arrive from our bridges, which {@code route_localnet} would otherwise let through to the host's loopback
   * services.
   */
  String localnet() {
    return prefix + "-LOCALNET";
  }

  /** Our chains in {@code table}, in the order they are declared. */
  List<String> chains(String table) {
    return switch (table) {
      case FILTER -> List.of(forward(), isolation1(), isolation2());
      case NAT -> List.of(dnat(), postrouting());
      case RAW -> loopbackDnat ? List.of(localnet()) : List.of();
      default -> List.of();
    };
  }

  /** Whether {@code chain} is ours, in either setting (so the other setting's leftovers are found too). */
  boolean owns(String chain) {
    return chains(FILTER).contains(chain) || chains(NAT).contains(chain) || localnet().equals(chain);
  }

  /**
   * The jumps, as iptables-save prints them. With the userland proxy, OUTPUT skips 127.0.0.0/8: loopback
   * connections to a published port are the proxy's, as with docker-proxy. Without it, OUTPUT sends every
   * local destination to the DNAT chain, loopback included, and raw PREROUTING jumps to {@link #localnet()}.
   */
  List<Jump> jumps() {
    String output = (loopbackDnat ? "" : "! -d 127.0.0.0/8 ") + "-m addrtype --dst-type LOCAL -j " + dnat();
    List<Jump> jumps = List.of(
        new Jump(FILTER, "FORWARD", "-j " + forward()),
        new Jump(NAT, "PREROUTING", "-m addrtype --dst-type LOCAL -j " + dnat()),
        new Jump(NAT, "OUTPUT", output),
        new Jump(NAT, "POSTROUTING", "-j " + postrouting()));
    if (!loopbackDnat) return jumps;
    List<Jump> all = new java.util.ArrayList<>(jumps);
    all.add(new Jump(RAW, "PREROUTING", "-j " + localnet()));
    return List.copyOf(all);
  }
}
