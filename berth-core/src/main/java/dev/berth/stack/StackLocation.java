package dev.berth.stack;

/** Where something sits in a stack file: the file name as the user gave it and a 1-based line (0: unknown). */
public record StackLocation(String file, int line) {
  public static final StackLocation UNKNOWN = new StackLocation("stack", 0);

  public StackLocation {
    file = file == null || file.isEmpty() ? "stack" : file;
  }

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line : file;
  }
}
