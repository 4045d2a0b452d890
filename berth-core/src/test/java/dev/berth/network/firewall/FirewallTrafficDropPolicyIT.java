package dev.berth.network.firewall;

/**
 * The end-to-end cases on a host whose FORWARD policy is DROP, as dockerd leaves it: everything Berth lets
 * through must be through its own ACCEPT rules.
 */
class FirewallTrafficDropPolicyIT extends FirewallTrafficCases {
  @Override
  String forwardPolicy() {
    return "DROP";
  }
}
