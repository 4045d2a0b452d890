package dev.berth.network.cni;

import dev.berth.network.Subnet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The congestion control of TCP between this host and the containers on a bridge: {@code congctl cubic} on the
 * bridge's subnet route, when the host's default is BBR. BBR without the {@code fq} qdisc paces every
 * connection with TCP's own timers, and a bridge and its veths have no qdisc and no queue for that pacing to
 * protect. Measured side by side in one run (docs/benchmarks.md, "The bridge's per-packet cost", three runs), a
 * host connection to a container ran 1.24x to 1.63x faster on cubic, and one through an ambassador in NAT mode
 * 1.29x to 1.45x.
 *
 * <p>Only the host's side changes: the route to the subnet is the host's, so sockets of the host talking to a
 * container on this bridge (connecting or accepting) get cubic. The containers' own routes are left alone: a
 * container's connection may go anywhere, where BBR is the administrator's choice to keep. The same policy as the
 * proxy core's backend sockets ({@code dev.berth.proxy.Congestion}), and the same switch turns both off:
 * {@code -Dberth.proxy.internal-congestion=off}. Nothing changes when the default is not BBR or cubic is not
 * available.
 *
 * <p>The route is the kernel's (it comes with the gateway address the plugin puts on the bridge), so it goes with
 * the bridge. It is set on the first attachment to each bridge, once per bridge (by interface index, so a bridge
 * made again gets it again) and daemon: one {@code ip} exec. Best effort: a failure leaves the route as it was.
 */
final class BridgeCongestion {
  /** The switch, shared with the proxy core's backend sockets. */
  static final String PROPERTY = "berth.proxy.internal-congestion";

  private final String choice;
  private final Function<List<String>, String> ip;
  private final Path sysNet;
  private final Set<String> done = ConcurrentHashMap.newKeySet();

  /**
   * @param choice the congestion control to set ({@code cubic}), or null for none
   * @param ip runs {@code ip ARGS}: null on success, else its output
   * @param sysNet {@code /sys/class/net}, where a bridge's interface index is read
   */
  BridgeCongestion(String choice, Function<List<String>, String> ip, Path sysNet) {
    this.choice = choice;
    this.ip = ip;
    this.sysNet = sysNet;
  }

  /** cubic when the host's default ({@code procIpv4/tcp_congestion_control}) is bbr and cubic is available; else null. */
  static String choose(Path procIpv4, String property) {
    if ("off".equals(property)) return null;
    try {
      String current = Files.readString(procIpv4.resolve("tcp_congestion_control")).strip();
      String available = Files.readString(procIpv4.resolve("tcp_available_congestion_control")).strip();
      return current.equals("bbr") && List.of(available.split("\\s+")).contains("cubic") ? "cubic" : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** What {@link #apply} sets, or null when it sets nothing. */
  String choice() {
    return choice;
  }

  /**
   * Sets the congestion control on the route to the subnet of {@code gateway/prefixLength} on {@code bridge}, the
   * first time this bridge is seen; returns the {@code ip} error, or null (done, or nothing to do).
   */
  String apply(String bridge, String gateway, int prefixLength) {
    if (choice == null || prefixLength < 8 || prefixLength > 30) return null;
    String key = bridge + "#" + ifindex(bridge);
    if (done.contains(key)) return null;
    Subnet subnet = new Subnet(Subnet.address(gateway), prefixLength);
    String error = ip.apply(List.of("-4", "route", "replace", subnet.toString(), "dev", bridge, "proto", "kernel",
        "scope", "link", "src", gateway, "congctl", choice));
    if (error == null) done.add(key);
    return error;
  }

  /** The bridge is gone (or going): forget it, so the set stays as small as the bridges there are. */
  void forget(String bridge) {
    done.removeIf(k -> k.startsWith(bridge + "#"));
  }

  private String ifindex(String bridge) {
    try {
      return Files.readString(sysNet.resolve(bridge).resolve("ifindex")).strip();
    } catch (IOException e) {
      return "?";
    }
  }
}
