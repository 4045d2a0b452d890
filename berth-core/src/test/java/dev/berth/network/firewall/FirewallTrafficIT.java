package dev.berth.network.firewall;

/** The end-to-end cases on a host whose FORWARD policy is ACCEPT (a bare Debian host). */
class FirewallTrafficIT extends FirewallTrafficCases {
  @Override
  String forwardPolicy() {
    return "ACCEPT";
  }
}
