package dev.berth.network.firewall;

import dev.berth.network.firewall.ChainNames.Jump;
import dev.berth.network.firewall.SavedTable.Rule;
import java.util.List;

/**
 * Works out the install and uninstall batches from what the tables hold now, so both are idempotent: install
 * creates only the chains and jumps that are missing (a daemon restarting after a crash reuses its chains as
 * they are, until its first apply replaces their content) and removes duplicate jumps and stale ones (a jump to
 * one of our chains that is not one of ours now: the OUTPUT jump of the other {@code userland-proxy} setting,
 * left by the daemon's previous run); uninstall deletes
 * every rule that jumps to one of our chains, then flushes and deletes the chains that exist. An empty batch
 * means there is nothing to do.
 */
final class ChainSetup {
  private final ChainNames names;

  ChainSetup(ChainNames names) {
    this.names = names;
  }

  /** The batch that completes the chains and jumps of the given tables, or "" if complete. */
  String install(SavedTable... tables) {
    StringBuilder out = new StringBuilder();
    for (SavedTable t : tables) out.append(table(installLines(t), t.table()));
    return out.toString();
  }

  private String installLines(SavedTable saved) {
    StringBuilder out = new StringBuilder();
    for (String chain : names.chains(saved.table())) {
      if (!saved.hasChain(chain)) out.append(':').append(chain).append(" - [0:0]\n");
    }
    for (Jump jump : jumpsOf(saved.table())) {
      long present = saved.count(jump.chain(), jump.spec());
      if (present == 0) {
        // first, ahead of any other rule (a FORWARD policy of DROP or another engine's DROP must not win)
        out.append("-I ").append(jump.chain()).append(" 1 ").append(jump.spec()).append('\n');
      }
      for (long extra = present; extra > 1; extra--) {
        out.append("-D ").append(jump.chain()).append(' ').append(jump.spec()).append('\n');
      }
    }
    List<Jump> wanted = jumpsOf(saved.table());
    for (Rule rule : saved.rules()) {
      boolean stale = !names.owns(rule.chain()) && names.owns(rule.target())
          && wanted.stream().noneMatch(j -> j.chain().equals(rule.chain()) && j.spec().equals(rule.spec()));
      if (stale) out.append("-D ").append(rule.chain()).append(' ').append(rule.spec()).append('\n');
    }
    // a chain of ours this setting does not use (the raw chain left by a run without the userland proxy)
    List<String> unused = saved.chains().stream()
        .filter(c -> names.owns(c) && !names.chains(saved.table()).contains(c)).toList();
    unused.forEach(c -> out.append("-F ").append(c).append('\n'));
    unused.forEach(c -> out.append("-X ").append(c).append('\n'));
    return out.toString();
  }

  /** The batch that leaves nothing of ours in the given tables, or "" if nothing is there. */
  String uninstall(SavedTable... tables) {
    StringBuilder out = new StringBuilder();
    for (SavedTable t : tables) out.append(table(uninstallLines(t), t.table()));
    return out.toString();
  }

  private String uninstallLines(SavedTable saved) {
    StringBuilder out = new StringBuilder();
    for (Rule rule : saved.rules()) {
      if (!names.owns(rule.chain()) && names.owns(rule.target())) {
        out.append("-D ").append(rule.chain()).append(' ').append(rule.spec()).append('\n');
      }
    }
    List<String> ours = saved.chains().stream().filter(names::owns).toList();
    ours.forEach(c -> out.append("-F ").append(c).append('\n'));
    ours.forEach(c -> out.append("-X ").append(c).append('\n'));
    return out.toString();
  }

  /** Our part of {@code saved}, in iptables-save's format: our chains, the jumps to them, their rules. */
  String dump(SavedTable saved) {
    StringBuilder out = new StringBuilder();
    saved.chains().stream().filter(names::owns).forEach(c -> out.append(':').append(c).append(" - [0:0]\n"));
    for (Rule rule : saved.rules()) {
      if (names.owns(rule.chain()) || names.owns(rule.target())) out.append(rule.saved()).append('\n');
    }
    return table(out.toString(), saved.table());
  }

  private List<Jump> jumpsOf(String table) {
    return names.jumps().stream().filter(j -> j.table().equals(table)).toList();
  }

  private static String table(String lines, String table) {
    return lines.isEmpty() ? "" : "*" + table + "\n" + lines + "COMMIT\n";
  }
}
