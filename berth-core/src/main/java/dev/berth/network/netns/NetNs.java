package dev.berth.network.netns;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.sys.Libc;
import dev.berth.sys.MountApi;
import dev.berth.sys.Namespaces;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * A network namespace bind-mounted at {@code path}; the file exists as long as the namespace is kept.
 *
 * <p>Like {@code ip netns add}, the namespace is made by a thread that unshares its network namespace and
 * bind-mounts {@code /proc/thread-self/ns/net} onto an empty file; the thread then ends and the mount alone
 * keeps the namespace alive. Unlike {@code ip netns}, the directory is not turned into a shared mount point of
 * its own: that mount would outlive every namespace (a leak a test daemon would have to clean up), and it only
 * matters for mount namespaces made later that keep copies of the bind mounts; runc's container mount
 * namespaces drop theirs at pivot_root. Under a shared parent mount the bind mounts are shared anyway, so an
 * unmount reaches their copies.
 */
public record NetNs(Path path) {
  private static final Path THREAD_NET = Path.of("/proc/thread-self/ns/net");
  private static final int ENOENT = 2;

  public NetNs {
    if (path == null) throw new InvalidArgumentException("network namespace path is missing");
  }

  /**
   * Makes a new namespace at {@code dir/name} with its loopback up (runc brings {@code lo} up only in a namespace
   * it makes itself). SystemException when the kernel refuses; nothing is left then.
   */
  public static NetNs create(Path dir, String name) {
    if (name == null || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
      throw new InvalidArgumentException("invalid network namespace name '" + name + "': a plain file name is needed");
    }
    Path file = dir.resolve(name);
    try {
      Files.createDirectories(dir);
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      throw new ConflictException("create network namespace " + file + ": the file already exists");
    } catch (IOException e) {
      throw new SystemException("create network namespace " + file + ": " + e.getMessage(), e);
    }
    try {
      OneShotThread.run("berth-netns-create", () -> makeAndMount(file));
      return new NetNs(file);
    } catch (Exception e) {
      new NetNs(file).delete();
      throw new SystemException("create network namespace " + file + ": " + e.getMessage(), e);
    }
  }

  /** On the one-shot thread: a new namespace for this thread, lo up in it, then the mount that keeps it. */
  private static Void makeAndMount(Path file) throws IOException {
    Namespaces.unshare(Namespaces.CLONE_NEWNET);
    Namespaces.interfaceUp("lo");
    Libc.mount(THREAD_NET.toString(), file, null, Namespaces.MS_BIND, null);
    return null;
  }

  /** Unmounts and removes it; quiet when it is already gone. */
  public void delete() {
    try {
      Libc.umount(path, Libc.MNT_DETACH);
    } catch (Libc.ErrnoException e) {
      // EINVAL: not a mount point (never mounted, or unmounted already); ENOENT: the file is gone too
      if (e.errno() != Libc.EINVAL && e.errno() != ENOENT) {
        throw new SystemException("delete network namespace " + path + ": " + e.getMessage(), e);
      }
    } catch (IOException e) {
      throw new SystemException("delete network namespace " + path + ": " + e.getMessage(), e);
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new SystemException("delete network namespace " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code action} on a platform thread that has entered this namespace, and returns its result; sockets
   * the action opens stay in the namespace after the thread leaves it.
   *
   * <p>The thread is made for this call and ends with it, so the caller's namespace never changes and no
   * other task ever runs in this one by accident. The action must open its sockets on that thread itself:
   * threads it starts are in the namespace only if they are platform threads, and virtual threads never are.
   * Unchecked exceptions of the action come back as they are; checked ones become a SystemException naming the
   * namespace, with the original as its cause.
   */
  public <T> T inside(Callable<T> action) {
    if (!Files.exists(path)) throw new NotFoundException("network namespace " + path + " does not exist");
    try {
      return OneShotThread.run("berth-netns-inside", () -> {
        enter();
        return action.call();
      });
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new SystemException("in network namespace " + path + ": " + e.getMessage(), e);
    }
  }

  private void enter() throws IOException {
    int fd = Namespaces.open(path);
    try {
      Namespaces.setns(fd, Namespaces.CLONE_NEWNET, path);
    } finally {
      MountApi.close(fd);
    }
  }
}
