package dev.berth.storage;

import java.io.IOException;
import java.nio.file.Path;

/** Lets driver tests in sub-packages delete trees the way the drivers do. */
public final class TreesAccess {
  private TreesAccess() {}

  public static void delete(Path path) throws IOException {
    Trees.delete(path);
  }
}
