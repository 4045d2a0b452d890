package dev.berth.api.build;

import dev.berth.build.context.ContextArchive;
import dev.berth.errors.SystemException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One build's unpacked context: a fresh directory {@code <data root>/tmp/build-…} that {@link #close} removes
 * whatever happened, so no context outlives its request (and a daemon restart empties {@code tmp/} anyway).
 */
final class ScratchContext implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScratchContext.class);

  private final Path dir;

  private ScratchContext(Path dir) {
    this.dir = dir;
  }

  /**
   * Unpacks {@code tar} (plain, gzip, bzip2 or xz) into a new directory under {@code tmp}. When the tar is
   * bad, the rest of the body is read and dropped first, so the client finishes sending and reads the 400
   * instead of a broken pipe; the directory is removed before the error goes on.
   */
  static ScratchContext extract(InputStream tar, Path tmp) {
    Path dir;
    try {
      Files.createDirectories(tmp);
      dir = Files.createTempDirectory(tmp, "build-");
    } catch (IOException e) {
      throw new SystemException("build: creating a directory for the context under " + tmp + ": " + e.getMessage(), e);
    }
    ScratchContext scratch = new ScratchContext(dir);
    try {
      ContextArchive.extract(LenientTar.of(tar), dir);
      return scratch;
    } catch (IOException e) {
      drain(tar);
      scratch.close();
      throw new SystemException("build: reading the context: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      drain(tar);
      scratch.close();
      throw e;
    }
  }

  Path dir() {
    return dir;
  }

  @Override
  public void close() {
    try {
      deleteTree(dir);
    } catch (IOException e) {
      LOG.warn("build: could not remove the context directory {}: {}", dir, e.toString());
    }
  }

  private static void drain(InputStream in) {
    try {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      LOG.debug("build: draining a rejected context: {}", e.toString());
    }
  }

  /** Removes a tree without following symbolic links (a context may hold links to anywhere). */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
        throw e;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) throw e;
        Files.deleteIfExists(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
