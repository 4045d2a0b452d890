package dev.berth.image.layer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/** Runs an apply through {@link LayerApplier}'s file entry: the layer written to a temporary file first. */
final class LayerFiles {
  private LayerFiles() {}

  /** Writes {@code layer} to a temporary file (outside any test's tree), applies it, removes the file. */
  static <T> T withFile(byte[] layer, Function<Path, T> apply) {
    Path f;
    try {
      f = Files.createTempFile("berth-layer-", ".blob");
      Files.write(f, layer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return apply.apply(f);
    } finally {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        // a temp file left in /tmp; the test's own assertions matter more
      }
    }
  }
}
