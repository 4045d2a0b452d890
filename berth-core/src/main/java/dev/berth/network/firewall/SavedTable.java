package dev.berth.network.firewall;

import java.util.ArrayList;
import java.util.List;

/**
 * One table as {@code iptables-save -t TABLE} printed it: its chains and its rules, in order. Only what the
 * firewall needs is parsed: the chain a rule is appended to and the chain it jumps to.
 */
record SavedTable(String table, List<String> chains, List<Rule> rules) {
  SavedTable {
    chains = List.copyOf(chains);
    rules = List.copyOf(rules);
  }

  /** A rule: {@code -A chain spec}. */
  record Rule(String chain, String spec) {
    /** The line as iptables-save prints it. */
    String saved() {
      return "-A " + chain + " " + spec;
    }

    /** The chain this rule jumps or goes to ({@code -j}/{@code -g}), or "" when it has none. */
    String target() {
      List<String> words = words(spec);
      for (int i = 0; i + 1 < words.size(); i++) {
        if (words.get(i).equals("-j") || words.get(i).equals("-g")) return words.get(i + 1);
      }
      return "";
    }
  }

  static SavedTable parse(String table, String saved) {
    List<String> chains = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    for (String line : saved.split("\n")) {
      if (line.startsWith(":")) {
        int space = line.indexOf(' ');
        chains.add(space < 0 ? line.substring(1) : line.substring(1, space));
      } else if (line.startsWith("-A ")) {
        String rest = line.substring(3);
        int space = rest.indexOf(' ');
        rules.add(space < 0 ? new Rule(rest, "") : new Rule(rest.substring(0, space), rest.substring(space + 1)));
      }
    }
    return new SavedTable(table, chains, rules);
  }

  boolean hasChain(String chain) {
    return chains.contains(chain);
  }

  /** How many times exactly this rule is present. */
  long count(String chain, String spec) {
    return rules.stream().filter(r -> r.chain().equals(chain) && r.spec().equals(spec)).count();
  }

  /** Splits a rule into words, keeping a double-quoted comment as one word. */
  static List<String> words(String spec) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < spec.length(); i++) {
      char c = spec.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && quoted && i + 1 < spec.length()) {
        word.append(spec.charAt(++i));
      } else if (c == ' ' && !quoted) {
        if (!word.isEmpty()) words.add(word.toString());
        word.setLength(0);
      } else {
        word.append(c);
      }
    }
    if (!word.isEmpty()) words.add(word.toString());
    return words;
  }
}
