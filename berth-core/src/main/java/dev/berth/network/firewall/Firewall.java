package dev.berth.network.firewall;

/** One daemon's iptables rules. Thread-safe: {@link #apply} calls are serialised. */
public final class Firewall {
  private final String prefix;

  /** @param prefix the chain prefix ({@code BERTH}: chains BERTH-FORWARD, BERTH-ISOLATION-1, …) */
  public Firewall(String prefix) {
    this.prefix = prefix;
  }

  /** Creates the daemon's chains and the jumps to them (idempotent). */
  public void install() {
    throw new UnsupportedOperationException("not yet written");
  }

  /** Replaces the content of every chain with the rules of {@code state}, atomically. */
  public void apply(FirewallState state) {
    throw new UnsupportedOperationException("not yet written");
  }

  /** Removes the jumps and the chains: nothing of this daemon is left in any table. */
  public void uninstall() {
    throw new UnsupportedOperationException("not yet written");
  }

  /** The rules this daemon has now, as {@code iptables-save} prints them (for tests and {@code info}). */
  public String dump() {
    throw new UnsupportedOperationException("not yet written");
  }

  public String prefix() {
    return prefix;
  }
}
