package dev.berth.runtime.container;

import dev.berth.errors.InvalidArgumentException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A Linux signal (x86-64 numbering) by number and name, as {@code --stop-signal} and {@code kill -s} accept
 * it: {@code SIGTERM}, {@code TERM}, {@code term}, {@code 15}, {@code SIGRTMIN+3}, {@code RTMAX-1}.
 *
 * @param number 1 to 64
 * @param name canonical name with the {@code SIG} prefix, e.g. {@code SIGTERM}, {@code SIGRTMIN+3}
 */
public record Signal(int number, String name) {
  /** The lowest and highest real-time signals as the kernel numbers them (glibc reserves 32 and 33). */
  public static final int RTMIN = 34;

  public static final int RTMAX = 64;

  public static final Signal SIGKILL = new Signal(9, "SIGKILL");
  public static final Signal SIGTERM = new Signal(15, "SIGTERM");

  private static final Map<String, Integer> STANDARD = standard();

  public Signal {
    if (number < 1 || number > RTMAX) throw new IllegalArgumentException("signal number out of range: " + number);
  }

  private static Map<String, Integer> standard() {
    String[] names = {
      "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE",
      "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ",
      "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"
    };
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) m.put(names[i], i + 1);
    m.put("IOT", 6);
    m.put("POLL", 29);
    m.put("CLD", 17);
    return Map.copyOf(m);
  }

  /**
   * Parses a signal given by number or by name, with or without {@code SIG}, in any case. Throws {@link
   * InvalidArgumentException} ("Invalid signal: FOO") for anything else, including 0 and numbers above 64.
   */
  public static Signal parse(String raw) {
    if (raw == null || raw.isBlank()) throw new InvalidArgumentException("Invalid signal: empty signal name");
    String text = raw.strip();
    if (text.chars().allMatch(Character::isDigit)) return ofNumber(text, raw);
    String name = text.toUpperCase(Locale.ROOT);
    if (name.startsWith("SIG")) name = name.substring(3);
    if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) return ofNumber(name, raw);
    Integer number = STANDARD.get(name);
    if (number == null) number = realTime(name);
    if (number == null) throw invalid(raw, "unknown signal name");
    return of(number);
  }

  /** The signal with this number, named canonically. */
  public static Signal of(int number) {
    if (number < 1 || number > RTMAX) throw invalid(Integer.toString(number), "signal numbers run from 1 to " + RTMAX);
    return new Signal(number, canonicalName(number));
  }

  private static Signal ofNumber(String digits, String raw) {
    int n = digits.length() > 3 ? -1 : Integer.parseInt(digits);
    if (n < 1 || n > RTMAX) throw invalid(raw, "signal numbers run from 1 to " + RTMAX);
    return of(n);
  }

  /** {@code RTMIN}, {@code RTMIN+n}, {@code RTMAX}, {@code RTMAX-n}, within the real-time range. */
  private static Integer realTime(String name) {
    int base;
    int sign;
    String rest;
    if (name.startsWith("RTMIN")) {
      base = RTMIN;
      sign = 1;
      rest = name.substring(5);
    } else if (name.startsWith("RTMAX")) {
      base = RTMAX;
      sign = -1;
      rest = name.substring(5);
    } else {
      return null;
    }
    if (rest.isEmpty()) return base;
    char op = rest.charAt(0);
    String digits = rest.substring(1);
    if (op != (sign > 0 ? '+' : '-') || digits.isEmpty() || digits.length() > 2 || !digits.chars().allMatch(Character::isDigit)) {
      return null;
    }
    int n = base + sign * Integer.parseInt(digits);
    return n >= RTMIN && n <= RTMAX ? n : null;
  }

  private static String canonicalName(int number) {
    for (Map.Entry<String, Integer> e : STANDARD.entrySet()) {
      if (e.getValue() == number && !e.getKey().equals("IOT") && !e.getKey().equals("POLL") && !e.getKey().equals("CLD")) {
        return "SIG" + e.getKey();
      }
    }
    if (number == 32 || number == 33) return "SIG" + number;
    if (number == RTMIN) return "SIGRTMIN";
    if (number == RTMAX) return "SIGRTMAX";
    int half = (RTMIN + RTMAX) / 2;
    return number <= half ? "SIGRTMIN+" + (number - RTMIN) : "SIGRTMAX-" + (RTMAX - number);
  }

  private static InvalidArgumentException invalid(String raw, String why) {
    return new InvalidArgumentException("Invalid signal: " + raw + " (" + why + ")");
  }

  @Override
  public String toString() {
    return name;
  }
}
