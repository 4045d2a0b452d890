package dev.berth.storage;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import dev.berth.sys.Libc;
import dev.berth.sys.MountApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Performs the mounts a {@link Snapshotter} returns as data (root only).
 *
 * <p>Every mount goes through the new mount API: a bind is an {@code open_tree} clone (made read-only with
 * {@code mount_setattr} before it is attached, so it is never writable, not even briefly); any other type is an
 * {@code fsopen} context configured one option at a time with {@code fsconfig}. That is what lets an overlay take
 * one {@code lowerdir+=} option per layer: 128 layers do not fit the single page mount(2) accepts. On a kernel
 * without {@code lowerdir+} (before 6.8) an overlay falls back to mount(2) with a colon-joined {@code lowerdir=},
 * as long as the option string fits.
 */
public final class Mounter {
  private Mounter() {}

  /** Linux's limit on mount(2)'s data: one page, terminating NUL included. */
  static final int LEGACY_DATA_MAX = 4095;

  private static final int ENOENT = 2;
  private static final int EBUSY = 16;
  private static final int ENOSYS = 38;

  /**
   * Mounts {@code mounts} in order on {@code target}, an existing directory. If one fails, those already done are
   * unmounted again and the error names the mount that failed.
   */
  public static void mount(List<Mount> mounts, Path target) {
    if (!Files.isDirectory(target)) {
      throw new InvalidArgumentException("mount on " + target + ": target is not an existing directory");
    }
    int done = 0;
    try {
      for (Mount m : mounts) {
        mountOne(m, target);
        done++;
      }
    } catch (RuntimeException e) {
      for (int i = 0; i < done; i++) unmountOnce(target);
      throw e;
    }
  }

  /**
   * Unmounts everything mounted on {@code target} (stacked mounts too). A busy mount is detached lazily: it goes
   * away when its last user does. Idempotent: a target that is not a mount point, or does not exist, is fine.
   */
  public static void unmount(Path target) {
    for (int i = 0; i < 64; i++) {
      if (!unmountOnce(target)) return;
    }
    throw new SystemException("unmount " + target + ": still mounted after 64 unmounts");
  }

  /** Unmounts the top mount on {@code target}; false if there was none. */
  private static boolean unmountOnce(Path target) {
    try {
      Libc.umount(target, 0);
      return true;
    } catch (Libc.ErrnoException e) {
      if (e.errno() == Libc.EINVAL || e.errno() == ENOENT) return false;
      if (e.errno() != EBUSY) throw new SystemException("unmount " + target + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new SystemException("unmount " + target + ": " + e.getMessage(), e);
    }
    try {
      Libc.umount(target, Libc.MNT_DETACH);
      return true;
    } catch (IOException e) {
      throw new SystemException("unmount " + target + " (detach, it was busy): " + e.getMessage(), e);
    }
  }

  private static void mountOne(Mount m, Path target) {
    try {
      if (m.type().equals("bind")) {
        bind(m, target);
      } else {
        filesystem(m, target);
      }
    } catch (IOException e) {
      throw new SystemException("mount " + m.type() + " " + m.source() + " on " + target + ": " + e.getMessage(), e);
    }
  }

  private static void bind(Mount m, Path target) throws IOException {
    boolean recursive = false;
    int attrs = 0;
    for (String o : m.options()) {
      switch (o) {
        case "bind", "rw" -> {}
        case "rbind" -> recursive = true;
        case "ro" -> attrs |= MountApi.MOUNT_ATTR_RDONLY;
        case "nosuid" -> attrs |= MountApi.MOUNT_ATTR_NOSUID;
        case "nodev" -> attrs |= MountApi.MOUNT_ATTR_NODEV;
        default -> throw new InvalidArgumentException(
            "mount bind " + m.source() + " on " + target + ": unsupported option \"" + o + "\"");
      }
    }
    int fd = MountApi.openTreeClone(Path.of(m.source()), recursive);
    try {
      if (attrs != 0) MountApi.setAttributes(fd, attrs, recursive);
      MountApi.moveMount(fd, target);
    } finally {
      MountApi.close(fd);
    }
  }

  private static void filesystem(Mount m, Path target) throws IOException {
    MountOptions opts = MountOptions.of(m.options());
    int fsFd;
    try {
      fsFd = MountApi.fsopen(m.type());
    } catch (Libc.ErrnoException e) {
      if (e.errno() != ENOSYS) throw e;
      legacy(m, opts, target);
      return;
    }
    try {
      configure(fsFd, m, opts);
      MountApi.create(fsFd);
      int mntFd = MountApi.fsmount(fsFd, opts.attributes());
      try {
        MountApi.moveMount(mntFd, target);
      } finally {
        MountApi.close(mntFd);
      }
    } catch (Libc.ErrnoException e) {
      if (!(e.errno() == Libc.EINVAL && opts.hasAppendedLowers() && e.getMessage().contains("lowerdir+"))) throw e;
      legacy(m, opts, target); // a kernel before 6.8 does not know lowerdir+
    } finally {
      MountApi.close(fsFd);
    }
  }

  private static void configure(int fsFd, Mount m, MountOptions opts) throws IOException {
    if (m.source() != null && !m.source().isEmpty()) MountApi.setString(fsFd, "source", m.source());
    for (MountOptions.Option o : opts.fsOptions()) {
      if (o.value() == null) {
        MountApi.setFlag(fsFd, o.key());
      } else {
        MountApi.setString(fsFd, o.key(), o.value());
      }
    }
  }

  private static void legacy(Mount m, MountOptions opts, Path target) throws IOException {
    String data = opts.legacyData();
    if (data.length() > LEGACY_DATA_MAX) {
      throw new IOException("options are " + data.length() + " bytes, over mount(2)'s " + LEGACY_DATA_MAX
          + ", and this kernel lacks the new mount API's lowerdir+");
    }
    Libc.mount(m.source(), target, m.type(), opts.legacyFlags(), data);
  }
}
