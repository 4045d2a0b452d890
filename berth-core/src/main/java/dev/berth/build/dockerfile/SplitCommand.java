package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an instruction line into keyword, {@code --flags} and the rest, as BuildKit's splitCommand: flags are
 * the words starting with {@code --} at the start of the arguments (quotes and escapes removed), up to the
 * first other word or a lone {@code --}.
 */
record SplitCommand(String keyword, List<String> flags, String rest) {
  SplitCommand {
    flags = List.copyOf(flags);
  }

  static SplitCommand of(String line, int escape) {
    List<String> parts = Chars.splitBlank(Chars.trim(line), 2);
    if (parts.size() < 2) return new SplitCommand(parts.getFirst(), List.of(), "");
    List<String> flags = new ArrayList<>();
    String rest = extractFlags(parts.get(1), escape, flags);
    return new SplitCommand(parts.getFirst(), flags, Chars.trim(rest));
  }

  private static String extractFlags(String line, int escape, List<String> flags) {
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean blankOk = false;
    int quote = 0;
    int n = line.length();
    for (int pos = 0; pos < n; pos++) {
      char ch = line.charAt(pos);
      if (!inWord) {
        if (Chars.isSpace(ch)) continue;
        if (ch != '-' || pos + 1 == n || line.charAt(pos + 1) != '-') return line.substring(pos);
        inWord = true;
      }
      if (quote != 0) {
        if (ch == quote) {
          quote = 0;
          continue;
        }
        if (ch == escape) {
          if (pos + 1 == n) {
            quote = 0;
            continue;
          }
          ch = line.charAt(++pos);
        }
        word.append(ch);
        continue;
      }
      if (Chars.isSpace(ch)) {
        String w = word.toString();
        if (w.equals("--")) return line.substring(pos);
        if (blankOk || !w.isEmpty()) flags.add(w);
        word.setLength(0);
        blankOk = false;
        inWord = false;
        continue;
      }
      if (ch == '\'' || ch == '"') {
        quote = ch;
        blankOk = true;
        continue;
      }
      if (ch == escape) {
        if (pos + 1 == n) continue;
        ch = line.charAt(++pos);
      }
      word.append(ch);
    }
    String w = word.toString();
    if (inWord && !w.equals("--") && (blankOk || !w.isEmpty())) flags.add(w);
    return "";
  }
}
