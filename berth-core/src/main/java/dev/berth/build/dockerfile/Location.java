package dev.berth.build.dockerfile;

/** Where something sits in a Dockerfile: file name as the user knows it, 1-based line and column. */
public record Location(String file, int line, int column) {
  public Location {
    file = file == null || file.isEmpty() ? "Dockerfile" : file;
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
