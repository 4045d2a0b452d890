package dev.berth.runtime.top;

import dev.berth.errors.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses ps output into a {@link ProcessTop.Table}: the first line gives the titles, and a row is kept when
 * its PID column is one of the wanted pids. Columns are split on ASCII blanks only; the last column (CMD,
 * COMMAND, ARGS) takes everything that overhangs, joined by single spaces, so a command line stays one cell.
 * A row whose PID is "-" is a thread line (ps m, ps -m): it belongs to the process above it and is kept with it.
 */
final class PsTable {
  private PsTable() {}

  static ProcessTop.Table parse(String output, Set<Integer> pids) {
    List<String> lines = output.lines().toList();
    if (lines.isEmpty()) throw noPidColumn();
    List<String> titles = fields(lines.getFirst());
    int pidIndex = titles.indexOf("PID");
    if (pidIndex < 0) throw noPidColumn();
    List<List<String>> rows = new ArrayList<>();
    boolean keepThreads = false;
    for (String line : lines.subList(1, lines.size())) {
      List<String> fields = fields(line);
      if (fields.size() <= pidIndex) continue;
      String pid = fields.get(pidIndex);
      boolean keep;
      if (pid.equals("-")) {
        keep = keepThreads;
      } else {
        keep = pids.contains(parsePid(pid));
        keepThreads = keep;
      }
      if (keep) rows.add(fit(fields, titles.size()));
    }
    return new ProcessTop.Table(titles, rows);
  }

  private static InvalidArgumentException noPidColumn() {
    return new InvalidArgumentException("Couldn't find PID field in ps output");
  }

  private static int parsePid(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException("Unexpected pid '" + text + "' in ps output");
    }
  }

  /** Joins the overhanging fields into the last column. */
  private static List<String> fit(List<String> fields, int columns) {
    if (fields.size() <= columns) return fields;
    List<String> row = new ArrayList<>(fields.subList(0, columns - 1));
    row.add(String.join(" ", fields.subList(columns - 1, fields.size())));
    return row;
  }

  /** Splits on ASCII spaces and tabs (not on Unicode blanks, which may belong to a command line). */
  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (i < n) {
      while (i < n && blank(line.charAt(i))) i++;
      int start = i;
      while (i < n && !blank(line.charAt(i))) i++;
      if (i > start) out.add(line.substring(start, i));
    }
    return out;
  }

  private static boolean blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u000b' || c == '\f';
  }
}
