package dev.berth.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems and warnings found while reading one stack file. Readers add to it and go on, so that a user
 * sees every problem of a file at once; {@link #throwIfAny} ends the reading with one {@link StackFileException}.
 */
final class Problems {
  private final String file;
  private final List<StackFileException.Problem> problems = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }

  StackLocation at(int line) {
    return new StackLocation(file, line);
  }

  void add(int line, String message) {
    problems.add(new StackFileException.Problem(at(line), message));
  }

  void add(StackLocation where, String message) {
    problems.add(new StackFileException.Problem(where, message));
  }

  void warn(String message) {
    if (!warnings.contains(message)) warnings.add(message);
  }

  List<String> warnings() {
    return List.copyOf(warnings);
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  /** Throws the problems found, sorted by file (in order of first mention) and line, so they read top-down. */
  void throwIfAny() {
    if (problems.isEmpty()) return;
    List<String> files = problems.stream().map(p -> p.where().file()).distinct().toList();
    List<StackFileException.Problem> sorted = new ArrayList<>(problems);
    sorted.sort(java.util.Comparator.<StackFileException.Problem>comparingInt(p -> files.indexOf(p.where().file()))
        .thenComparingInt(p -> p.where().line()));
    throw new StackFileException(sorted);
  }
}
