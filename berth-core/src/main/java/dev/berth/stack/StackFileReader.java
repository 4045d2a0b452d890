package dev.berth.stack;

import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a stack file into its resolved form. Owned by h-stackfile (stub until then).
 *
 * <p>{@code environment} is what {@code ${VAR}} interpolation sees (the caller's environment; a {@code .env}
 * file beside the stack file fills in what it lacks). Relative paths (bind sources, {@code env_file},
 * {@code build.context}) are taken relative to {@code baseDir}. Every problem is reported at once as a
 * {@link StackFileException} naming the file and line: malformed YAML, unsupported keys (by name), wrong types,
 * unknown services in {@code depends_on}/{@code links}/{@code volumes_from}, dependency cycles, undeclared
 * volumes and networks, and host ports published twice.
 */
public final class StackFileReader {
  private StackFileReader() {}

  /** Reads {@code file}; its directory is the base directory and holds the {@code .env} file if any. */
  public static StackFile read(Path file, Map<String, String> environment) {
    throw new UnsupportedOperationException("StackFileReader.read: not written yet");
  }

  /**
   * Reads YAML text; {@code fileName} is used in messages; {@code baseDir} resolves relative paths and its
   * {@code .env} is read when {@code readDotEnv}.
   */
  public static StackFile read(String yaml, String fileName, Path baseDir, Map<String, String> environment, boolean readDotEnv) {
    throw new UnsupportedOperationException("StackFileReader.read: not written yet");
  }
}
