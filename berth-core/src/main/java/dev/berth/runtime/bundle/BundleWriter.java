package dev.berth.runtime.bundle;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import dev.berth.runtime.spec.Spec;
import dev.berth.runtime.specgen.RootfsPath;
import dev.berth.sys.AtomicWrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes an OCI bundle: {@code config.json} in the bundle directory, the root staying wherever the spec
 * points (a snapshot's mount). Before that it makes the process's working directory in the rootfs if the
 * image lacks it, as Docker does (owned by root, mode 0755), resolving the path inside the rootfs so a
 * symbolic link in the image can never make it create directories on the host. A working directory that
 * exists but is not a directory is refused, with Docker's message.
 */
public final class BundleWriter {
  public static final String CONFIG = "config.json";

  private BundleWriter() {}

  /** Writes {@code spec} to {@code bundle}/config.json (atomically) and returns the bundle directory. */
  public static Path write(Path bundle, Spec spec) {
    createWorkingDir(Path.of(spec.root().path()), spec.process().cwd());
    try {
      Files.createDirectories(bundle);
      // lazy: the bundle lives under the exec root, which a reboot forgets, and the start path avoids fsync
      AtomicWrite.replace(bundle.resolve(CONFIG), spec.toJson(), AtomicWrite.Durability.LAZY);
      return bundle;
    } catch (IOException e) {
      throw new SystemException("write bundle " + bundle + ": " + e.getMessage(), e);
    }
  }

  /** Makes {@code cwd} (a container path) under {@code rootfs} when it is missing. */
  static void createWorkingDir(Path rootfs, String cwd) {
    try {
      Path dir = RootfsPath.resolve(rootfs, cwd);
      if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      for (Path p = dir; p.startsWith(rootfs); p = p.getParent()) {
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidArgumentException("Cannot mkdir: " + cwd + " is not a directory ("
                + (p.equals(dir) ? "it" : "/" + rootfs.relativize(p)) + " is a file in the image)");
          }
          break;
        }
      }
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    } catch (IOException e) {
      throw new SystemException("create working directory " + cwd + " in " + rootfs + ": " + e.getMessage(), e);
    }
  }
}
