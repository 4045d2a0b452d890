package dev.berth.registry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the external tools the fixtures use (skopeo) and removes their temp dirs. */
final class Commands {
  private Commands() {}

  /**
   * Runs a command to completion and returns its standard output; fails with the command's whole output when it
   * exits non-zero or outlives the timeout (then it is killed), so a broken fixture says why.
   */
  static String run(List<String> command, Map<String, String> env, Duration timeout) {
    try {
      Path out = Files.createTempFile("berth-cmd-", ".out");
      Path err = Files.createTempFile("berth-cmd-", ".err");
      try {
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor();
          throw new IllegalStateException("run " + command + ": still running after " + timeout + ", killed; stderr: "
              + Files.readString(err, StandardCharsets.UTF_8));
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
          throw new IllegalStateException("run " + command + ": exit " + process.exitValue() + "; stderr: "
              + Files.readString(err, StandardCharsets.UTF_8) + "; stdout: " + stdout);
        }
        return stdout;
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("run " + command + ": interrupted", e);
    }
  }

  static String run(List<String> command) {
    return run(command, Map.of(), Duration.ofMinutes(5));
  }

  /** Deletes a directory tree; missing files are fine, since cleanup may run twice (close and shutdown hook). */
  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
          }
          throw e;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("delete " + root + ": " + e.getMessage(), e);
    }
  }
}
