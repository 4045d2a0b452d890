package dev.berth.runtime.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A container's /etc/resolv.conf derived from the host's, as Docker documents for a container on its own
 * network: the host's file is copied, except nameservers on a loopback address (127.0.0.0/8, ::1), which
 * would point into the container's own network namespace, and IPv6 nameservers while the container has no
 * IPv6. If no nameserver remains, Google's public DNS is added (8.8.8.8 and 8.8.4.4, plus
 * 2001:4860:4860::8888 and 2001:4860:4860::8844 with IPv6). Search domains and options are kept.
 */
public final class ResolvConf {
  private ResolvConf() {}

  /** Docker's fallback nameservers when filtering leaves none. */
  public static final List<String> DEFAULT_IPV4_NAMESERVERS = List.of("8.8.8.8", "8.8.4.4");

  public static final List<String> DEFAULT_IPV6_NAMESERVERS = List.of("2001:4860:4860::8888", "2001:4860:4860::8844");

  /** The container's file for the host's {@code hostText}; {@code ipv6} says whether the container has IPv6. */
  public static String forContainer(String hostText, boolean ipv6) {
    List<String> lines = new ArrayList<>();
    boolean nameserverLeft = false;
    for (String line : hostText.lines().toList()) {
      String address = nameserver(line);
      if (address == null) {
        lines.add(line);
      } else if (!isLoopback(address) && (ipv6 || !isIpv6(address))) {
        lines.add(line);
        nameserverLeft = true;
      }
    }
    if (!nameserverLeft) {
      DEFAULT_IPV4_NAMESERVERS.forEach(ns -> lines.add("nameserver " + ns));
      if (ipv6) {
        DEFAULT_IPV6_NAMESERVERS.forEach(ns -> lines.add("nameserver " + ns));
      }
    }
    return String.join("\n", lines) + "\n";
  }

  /** The address of a {@code nameserver} line, or null for any other line. */
  static String nameserver(String line) {
    String[] fields = line.strip().split("\\s+");
    return fields.length >= 2 && fields[0].equals("nameserver") ? fields[1] : null;
  }

  /** 127.0.0.0/8 or ::1 in any spelling, without a name lookup (never InetAddress on untrusted text). */
  static boolean isLoopback(String address) {
    String a = stripZone(address).toLowerCase(Locale.ROOT);
    if (a.startsWith("127.")) {
      return true;
    }
    if (!isIpv6(a)) {
      return false;
    }
    String compact = a.replaceAll("(^|:)0+(?=[0-9a-f])", "$1");
    return compact.equals("::1") || compact.equals("0:0:0:0:0:0:0:1") || compact.equals("::ffff:127.0.0.1")
        || compact.startsWith("::ffff:127.");
  }

  static boolean isIpv6(String address) {
    return address.contains(":");
  }

  private static String stripZone(String address) {
    int percent = address.indexOf('%');
    return percent < 0 ? address : address.substring(0, percent);
  }

  /**
   * {@code base} with a container's settings applied as Docker applies them: {@code --dns} replaces the nameservers,
   * {@code --dns-search} the search domains, {@code --dns-option} the options; with the embedded DNS (user networks)
   * the only nameserver is 127.0.0.11 and {@code ndots:0} leads the options unless one sets ndots. Comments are dropped.
   */
  public static String withSettings(String base, List<String> servers, List<String> search, List<String> options,
      boolean embedded) {
    List<String> ns = new ArrayList<>();
    List<String> srch = new ArrayList<>();
    List<String> opts = new ArrayList<>();
    for (String line : base.lines().toList()) {
      String[] f = line.strip().split("\\s+");
      if (f.length < 2) continue;
      switch (f[0]) {
        case "nameserver" -> ns.add(f[1]);
        case "search", "domain" -> srch.addAll(List.of(f).subList(1, f.length));
        case "options" -> opts.addAll(List.of(f).subList(1, f.length));
        default -> { }
      }
    }
    if (!servers.isEmpty()) ns = new ArrayList<>(servers);
    if (!search.isEmpty()) srch = new ArrayList<>(search);
    if (!options.isEmpty()) opts = new ArrayList<>(options);
    if (embedded) {
      ns = List.of("127.0.0.11");
      if (opts.stream().noneMatch(o -> o.startsWith("ndots:"))) opts.addFirst("ndots:0");
    }
    StringBuilder b = new StringBuilder();
    ns.forEach(n -> b.append("nameserver ").append(n).append('\n'));
    if (!srch.isEmpty()) b.append("search ").append(String.join(" ", srch)).append('\n');
    if (!opts.isEmpty()) b.append("options ").append(String.join(" ", opts)).append('\n');
    return b.toString();
  }
}
