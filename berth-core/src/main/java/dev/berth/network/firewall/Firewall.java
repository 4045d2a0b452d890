package dev.berth.network.firewall;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One daemon's iptables rules, in chains named with its prefix ({@code BERTH-FORWARD}, {@code BERTH-ISOLATION-1},
 * {@code BERTH-ISOLATION-2} in filter; {@code BERTH-DNAT}, {@code BERTH-POSTROUTING} in nat; without the userland
 * proxy also {@code BERTH-LOCALNET} in raw) and reached by jumps from the built-in chains. Every change is one
 * {@code iptables-restore --noflush} batch, so it applies whole or not at all, and touches no chain but these and
 * the jumps: never a policy, never another daemon's chains. See docs/networking.md, "Firewall rules", for each rule.
 *
 * <p>Thread-safe: every operation of every Firewall in this process runs under one lock, because install and
 * uninstall read the tables and then write them, and the reading must still be true when the batch runs.
 */
public final class Firewall {
  private static final ReentrantLock BATCHES = new ReentrantLock();

  private final ChainNames names;
  private final IptablesRunner iptables;
  private final RulesRenderer renderer;
  private final ChainSetup setup;

  /**
   * @param prefix the chain prefix ({@code BERTH}: chains BERTH-FORWARD, BERTH-ISOLATION-1, …): a letter, then up
   *     to 13 letters, digits or _ (InvalidArgumentException otherwise)
   */
  public Firewall(String prefix) {
    this(prefix, false);
  }

  /**
   * @param prefix as {@link #Firewall(String)}
   * @param loopbackDnat true for {@code userland-proxy: false}: connections from the host to 127.0.0.0/8 are
   *     DNAT-ed to the container as well (the OUTPUT jump covers loopback), and each published port gets a
   *     masquerade of 127.0.0.0/8 sources, so the container can answer; the bridge also needs
   *     {@code route_localnet}, which the caller sets, and a chain in the raw table drops packets to 127.0.0.0/8
   *     that arrive from the bridges (which that switch would let in). False leaves loopback to the userland proxy.
   */
  public Firewall(String prefix, boolean loopbackDnat) {
    this(prefix, loopbackDnat, ProcessIptables.system());
  }

  Firewall(String prefix, IptablesRunner iptables) {
    this(prefix, false, iptables);
  }

  Firewall(String prefix, boolean loopbackDnat, IptablesRunner iptables) {
    this.names = new ChainNames(prefix, loopbackDnat);
    this.iptables = iptables;
    this.renderer = new RulesRenderer(names);
    this.setup = new ChainSetup(names);
  }

  /**
   * Creates the daemon's chains and the jumps to them. Idempotent: what exists is kept (a daemon restarting
   * after a crash finds its chains, with their old rules until its first {@link #apply}), a missing jump is
   * inserted first in its chain, a duplicated jump is reduced to one, and a jump to our chains that this
   * setting does not use (the other {@code userland-proxy} setting's OUTPUT jump) is deleted.
   */
  public void install() {
    locked(() -> {
      String batch = setup.install(readAll());
      if (!batch.isEmpty()) iptables.restore("install the firewall chains of " + prefix(), batch);
    });
  }

  /**
   * Replaces the content of every chain with the rules of {@code state}, atomically. Without {@link #install}
   * the chains are created but nothing jumps to them yet.
   */
  public void apply(FirewallState state) {
    String batch = renderer.render(state);
    locked(() -> iptables.restore("apply the firewall rules of " + prefix(), batch));
  }

  /** Removes the jumps and the chains: nothing of this daemon is left in any table. Idempotent. */
  public void uninstall() {
    locked(() -> {
      String batch = setup.uninstall(readAll());
      if (!batch.isEmpty()) iptables.restore("remove the firewall chains of " + prefix(), batch);
    });
  }

  /**
   * The rules this daemon has now, as {@code iptables-save} prints them (for tests and {@code info}): per table,
   * its chains, the jumps to them and their rules; "" when it has none.
   */
  public String dump() {
    StringBuilder out = new StringBuilder();
    locked(() -> {
      for (SavedTable t : readAll()) out.append(setup.dump(t));
    });
    return out.toString();
  }

  public String prefix() {
    return names.prefix();
  }

  /** Whether loopback is DNAT-ed too ({@code userland-proxy: false}). */
  public boolean loopbackDnat() {
    return names.loopbackDnat();
  }

  private SavedTable[] readAll() {
    return ChainNames.TABLES.stream().map(this::read).toArray(SavedTable[]::new);
  }

  private SavedTable read(String table) {
    return SavedTable.parse(table, iptables.save(table));
  }

  private static void locked(Runnable work) {
    BATCHES.lock();
    try {
      work.run();
    } finally {
      BATCHES.unlock();
    }
  }
}
