package dev.berth.network.firewall;

import java.util.Set;

/**
 * Reads the kernel's connection tracking table as {@code /proc/net/nf_conntrack} prints it (one connection a
 * line: the original tuple, then the reply tuple), to count the DNAT-ed connections open on a forwarded port.
 * The file shows the table of the reader's network namespace, so the caller reads it from inside that namespace.
 */
public final class ConntrackTable {
  /** TCP states of a connection that is over, or not yet answered by its target. */
  private static final Set<String> NOT_OPEN = Set.of("TIME_WAIT", "CLOSE", "SYN_SENT");

  private ConntrackTable() {}

  /**
   * The connections to {@code port/protocol} that were DNAT-ed (their original destination is not the address
   * that replies) and are still open: TCP ones not yet closed, UDP ones not yet expired.
   */
  public static long openForwarded(String table, int port, String protocol) {
    return table.lines().filter(l -> isOpenForwarded(l, port, protocol)).count();
  }

  private static boolean isOpenForwarded(String line, int port, String protocol) {
    String[] f = line.trim().split("\\s+");
    if (f.length < 6 || !f[2].equals(protocol)) return false;
    String origDst = null;
    String origDport = null;
    String replySrc = null;
    for (String t : f) {
      if (t.startsWith("dst=") && origDst == null) origDst = t.substring(4);
      else if (t.startsWith("dport=") && origDport == null) origDport = t.substring(6);
      else if (t.startsWith("src=") && origDst != null && replySrc == null) replySrc = t.substring(4);
    }
    if (origDst == null || replySrc == null || !String.valueOf(port).equals(origDport) || origDst.equals(replySrc)) return false;
    return !protocol.equals("tcp") || !NOT_OPEN.contains(f[5]);
  }
}
