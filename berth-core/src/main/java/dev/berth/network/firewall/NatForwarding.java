package dev.berth.network.firewall;

import dev.berth.errors.InvalidArgumentException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kernel forwarding of ports inside one network namespace that is not the daemon's: each forwarded port of the
 * namespace's own addresses is DNAT-ed to a target, and what is forwarded is masqueraded, so the replies come
 * back through the namespace. This is the ambassador's NAT mode: the namespace is the ambassador container's, so
 * its rules go away with it and never touch the host's tables.
 *
 * <p>The chains have fixed names, with no daemon prefix, because the namespace belongs to one container:
 * <ul>
 *   <li>nat {@value #DNAT}, reached from PREROUTING for local destinations: one DNAT rule per forwarded port.
 *       A change rewrites this chain in one batch; conntrack keeps each open connection on the target it got.
 *   <li>nat {@value #SNAT}, reached from POSTROUTING: MASQUERADE of every DNAT-ed connection.
 *   <li>filter {@value #COUNT}, reached from FORWARD: three counting rules per port (no target), matched on the
 *       connection's original destination port, so they do not change with the target: new connections, bytes
 *       in the original direction (client to target) and in the reply direction. The counts are IP bytes,
 *       headers included.
 * </ul>
 */
public final class NatForwarding {
  static final String DNAT = "BERTH-AMB-DNAT";
  static final String SNAT = "BERTH-AMB-SNAT";
  static final String COUNT = "BERTH-AMB-COUNT";
  private static final List<String> NAT_JUMPS = List.of(
      "-A PREROUTING -m addrtype --dst-type LOCAL -j " + DNAT, "-A POSTROUTING -j " + SNAT);
  private static final String FILTER_JUMP = "-A FORWARD -j " + COUNT;
  private static final Pattern COUNTED =
      Pattern.compile("^\\[(\\d+):(\\d+)\\] -A " + COUNT + " .*--comment \"?(\\d+/(?:tcp|udp)) (new|in|out)\"?\\s*$");

  private final IptablesRunner iptables;
  private final String where;

  /** One forwarded port: {@code port/protocol} of the namespace to {@code address:targetPort}, or to nowhere. */
  public record Rule(int port, String protocol, String address, int targetPort) {
    public Rule {
      if (port < 1 || port > 65535) throw new InvalidArgumentException("forward port " + port + ": out of range 1-65535");
      if (!"tcp".equals(protocol) && !"udp".equals(protocol)) {
        throw new InvalidArgumentException("forward port " + port + ": protocol " + protocol + " is not tcp or udp");
      }
      if (address != null && !address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
        throw new InvalidArgumentException("forward port " + port + ": target " + address + " is not an IPv4 address");
      }
    }

    /** A port that forwards nowhere for now (no usable target): connections to it are refused. */
    public static Rule none(int port, String protocol) {
      return new Rule(port, protocol, null, 0);
    }

    /** {@code 6379/tcp}. */
    public String key() {
      return port + "/" + protocol;
    }
  }

  /** The counters of one port: connections forwarded, and IP bytes each way. */
  public record Counts(long connections, long bytesIn, long bytesOut) {
    public static final Counts ZERO = new Counts(0, 0, 0);
  }

  NatForwarding(IptablesRunner iptables, String where) {
    this.iptables = iptables;
    this.where = where;
  }

  /** The forwarding of the network namespace bound at {@code netns}, through {@code nsenter --net}. */
  public static NatForwarding in(Path netns) {
    List<String> launcher = List.of(ProcessIptables.find("nsenter"), "--net=" + netns);
    return new NatForwarding(new ProcessIptables(launcher, ProcessIptables.find("iptables-restore"),
        ProcessIptables.find("iptables-save"), Duration.ofSeconds(30)), "network namespace " + netns);
  }

  /**
   * Sets up the chains for {@code rules} and points each port at its target. Idempotent, for a start and for a
   * berthd that finds the namespace again: missing jumps are added, the counting rules are kept with their
   * counts when they are already the ones {@code rules} need, and the DNAT rules are rewritten.
   */
  public void install(List<Rule> rules) {
    String nat = iptables.save(ChainNames.NAT);
    String filter = iptables.save(ChainNames.FILTER);
    iptables.restore("set up the forwarding rules in " + where, installBatch(rules, nat, filter));
  }

  /** Points the ports at new targets in one batch; open connections keep their old target (conntrack). */
  public void retarget(List<Rule> rules) {
    iptables.restore("retarget the forwarding rules in " + where, natBatch(rules, List.of()));
  }

  /** The counts by port key ({@code 6379/tcp}); a port without counting rules is missing. */
  public Map<String, Counts> counts() {
    return parseCounts(iptables.saveCounted(ChainNames.FILTER));
  }

  static String installBatch(List<Rule> rules, String savedNat, String savedFilter) {
    List<String> natJumps = NAT_JUMPS.stream().filter(j -> !savedNat.lines().anyMatch(j::equals)).toList();
    StringBuilder b = new StringBuilder(natBatch(rules, natJumps));
    List<String> counting = countingRules(rules);
    List<String> present = savedFilter.lines().filter(l -> l.startsWith("-A " + COUNT + " ")).toList();
    boolean jump = savedFilter.lines().anyMatch(FILTER_JUMP::equals);
    if (present.equals(counting) && jump) return b.toString();
    b.append("*filter\n");
    if (!present.equals(counting)) {
      b.append(':').append(COUNT).append(" - [0:0]\n");
      counting.forEach(l -> b.append(l).append('\n'));
    } else if (!savedFilter.contains(":" + COUNT + " ")) {
      b.append(':').append(COUNT).append(" - [0:0]\n");
    }
    if (!jump) b.append(FILTER_JUMP).append('\n');
    return b.append("COMMIT\n").toString();
  }

  /** The nat table: both chains declared (which empties them), the given jumps, then the rules. */
  static String natBatch(List<Rule> rules, List<String> jumps) {
    StringBuilder b = new StringBuilder("*nat\n");
    b.append(':').append(DNAT).append(" - [0:0]\n");
    b.append(':').append(SNAT).append(" - [0:0]\n");
    jumps.forEach(j -> b.append(j).append('\n'));
    for (Rule r : rules) {
      if (r.address() == null) continue;
      b.append("-A ").append(DNAT).append(" -p ").append(r.protocol()).append(" -m ").append(r.protocol())
          .append(" --dport ").append(r.port()).append(" -j DNAT --to-destination ").append(r.address()).append(':')
          .append(r.targetPort()).append('\n');
    }
    b.append("-A ").append(SNAT).append(" -m conntrack --ctstate DNAT -j MASQUERADE\n");
    return b.append("COMMIT\n").toString();
  }

  /** The counting rules of every port, in iptables-save's spelling (so they compare with what it prints). */
  static List<String> countingRules(List<Rule> rules) {
    List<String> out = new ArrayList<>();
    for (Rule r : rules) {
      String head = "-A " + COUNT + " -p " + r.protocol() + " -m conntrack ";
      String port = "--ctorigdstport " + r.port();
      out.add(head + "--ctstate NEW " + port + " -m comment --comment \"" + r.key() + " new\"");
      out.add(head + port + " --ctdir ORIGINAL -m comment --comment \"" + r.key() + " in\"");
      out.add(head + port + " --ctdir REPLY -m comment --comment \"" + r.key() + " out\"");
    }
    return out;
  }

  /** Reads {@code iptables-save -c -t filter}'s counting rules. */
  static Map<String, Counts> parseCounts(String saved) {
    Map<String, Counts> out = new LinkedHashMap<>();
    saved.lines().forEach(line -> {
      Matcher m = COUNTED.matcher(line);
      if (!m.matches()) return;
      long packets = Long.parseLong(m.group(1));
      long bytes = Long.parseLong(m.group(2));
      Counts c = out.getOrDefault(m.group(3), Counts.ZERO);
      out.put(m.group(3), switch (m.group(4)) {
        case "new" -> new Counts(c.connections() + packets, c.bytesIn(), c.bytesOut());
        case "in" -> new Counts(c.connections(), c.bytesIn() + bytes, c.bytesOut());
        default -> new Counts(c.connections(), c.bytesIn(), c.bytesOut() + bytes);
      });
    });
    return out;
  }
}
