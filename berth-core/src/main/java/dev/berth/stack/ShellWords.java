package dev.berth.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code command:} or {@code entrypoint:} string into words as a POSIX shell does, without running
 * a shell or expanding anything: blanks separate words, single quotes keep everything, double quotes keep
 * everything but a backslash before {@code "}, {@code \}, {@code $} or a backquote, and a bare backslash keeps
 * the next character. This is what Compose does with the string form.
 */
final class ShellWords {
  private ShellWords() {}

  /** Thrown for an unclosed quote or a trailing backslash. */
  static final class ShellWordsException extends RuntimeException {
    ShellWordsException(String message) {
      super(message, null, false, false);
    }
  }

  static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        if (inWord) words.add(word.toString());
        word.setLength(0);
        inWord = false;
        continue;
      }
      inWord = true;
      switch (c) {
        case '\'' -> i = singleQuoted(text, i, word);
        case '"' -> i = doubleQuoted(text, i, word);
        case '\\' -> {
          if (i + 1 >= text.length()) throw new ShellWordsException("a trailing backslash in \"" + text + "\"");
          word.append(text.charAt(++i));
        }
        default -> word.append(c);
      }
    }
    if (inWord) words.add(word.toString());
    return words;
  }

  private static int singleQuoted(String text, int open, StringBuilder word) {
    int close = text.indexOf('\'', open + 1);
    if (close < 0) throw new ShellWordsException("an unclosed single quote in \"" + text + "\"");
    word.append(text, open + 1, close);
    return close;
  }

  private static int doubleQuoted(String text, int open, StringBuilder word) {
    for (int i = open + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') return i;
      if (c == '\\' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
        word.append(text.charAt(++i));
      } else {
        word.append(c);
      }
    }
    throw new ShellWordsException("an unclosed double quote in \"" + text + "\"");
  }
}
