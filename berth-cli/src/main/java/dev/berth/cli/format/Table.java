package dev.berth.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated lines as Go's {@code tabwriter} does with the docker CLI's settings (minimum width 10,
 * padding 3): each cell but a line's last is padded to its column's width.
 */
public final class Table {
  static final int MIN_WIDTH = 10;
  static final int PADDING = 3;

  private Table() {}

  public static String align(List<String> lines) {
    List<String[]> cells = new ArrayList<>();
    List<Integer> widths = new ArrayList<>();
    for (String line : lines) {
      String[] row = line.split("\t", -1);
      cells.add(row);
      for (int i = 0; i < row.length - 1; i++) {
        int w = Math.max(MIN_WIDTH, width(row[i]) + PADDING);
        if (widths.size() <= i) widths.add(w);
        else widths.set(i, Math.max(widths.get(i), w));
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] row : cells) {
      for (int i = 0; i < row.length; i++) {
        sb.append(row[i]);
        if (i < row.length - 1) sb.repeat(' ', widths.get(i) - width(row[i]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static int width(String s) {
    return s.codePointCount(0, s.length());
  }
}
