package dev.berth.network.firewall;

/**
 * The two iptables tools the firewall uses. An interface so the firewall's decisions (which chains and jumps
 * to create or delete) can be tested with a fake; {@link ProcessIptables} runs the real ones.
 */
interface IptablesRunner {
  /**
   * Runs {@code iptables-restore --noflush} on {@code batch}; the whole batch applies or none of it.
   *
   * @param action what the batch does, for the error message ("apply the firewall rules of BERTH")
   * @throws dev.berth.errors.SystemException naming the action, the failing line and iptables' reason
   */
  void restore(String action, String batch);

  /** {@code iptables-save -t table}: the table's chains and rules. */
  String save(String table);

  /** {@code iptables-save -c -t table}: the same, each rule preceded by its {@code [packets:bytes]} counters. */
  default String saveCounted(String table) {
    return save(table);
  }
}
