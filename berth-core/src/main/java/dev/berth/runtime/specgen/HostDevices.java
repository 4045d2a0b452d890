package dev.berth.runtime.specgen;

import dev.berth.runtime.spec.Linux;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host's device nodes, which {@code --privileged} gives a container as Docker does (runc creates them in
 * the container's /dev): every character and block device under /dev, except the directories a container has
 * its own of (pts, shm, mqueue, fd) and the console. Symbolic links are not followed.
 */
public final class HostDevices {
  private static final Set<String> SKIPPED_DIRS = Set.of("pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev");
  private static final int S_IFMT = 0170000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;

  private HostDevices() {}

  /** The devices under {@code dev} (normally /dev), named as the container will see them. */
  public static List<Linux.Device> scan(Path dev) {
    List<Linux.Device> out = new ArrayList<>();
    try {
      Files.walkFileTree(dev, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          return !dir.equals(dev) && SKIPPED_DIRS.contains(dir.getFileName().toString())
              ? FileVisitResult.SKIP_SUBTREE
              : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          if (attrs.isOther() && !file.equals(dev.resolve("console"))) {
            device(dev, file).ifPresent(out::add);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE; // a node that vanished or cannot be read is simply not passed on
        }
      });
    } catch (IOException e) {
      return List.of();
    }
    return List.copyOf(out);
  }

  private static java.util.Optional<Linux.Device> device(Path dev, Path file) throws IOException {
    Map<String, Object> a = Files.readAttributes(file, "unix:mode,rdev,uid,gid", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    String type = switch (mode & S_IFMT) {
      case S_IFCHR -> "c";
      case S_IFBLK -> "b";
      default -> null;
    };
    if (type == null) return java.util.Optional.empty();
    long rdev = (Long) a.get("rdev");
    String path = "/dev/" + dev.relativize(file);
    return java.util.Optional.of(new Linux.Device(path, type, major(rdev), minor(rdev), mode & 07777,
        (Integer) a.get("uid"), (Integer) a.get("gid")));
  }

  /** glibc's gnu_dev_major: the major number of a Linux dev_t. */
  static long major(long rdev) {
    return ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
  }

  /** glibc's gnu_dev_minor. */
  static long minor(long rdev) {
    return (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
  }
}
