package dev.berth.daemon;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's socket file. Before listening: create the parent directory, refuse when a live daemon
 * answers on the path, remove a stale socket. Listening happens on a temporary name in the same directory;
 * the socket gets mode 0660 and its group there, and only then is renamed into place, so the socket is
 * never reachable with the mode a umask happened to give it.
 */
final class SocketFile {
  private static final Logger LOG = LoggerFactory.getLogger(SocketFile.class);

  private final Path path;

  SocketFile(Path path) {
    this.path = path.toAbsolutePath();
  }

  Path path() {
    return path;
  }

  /** Makes the directory and clears a stale socket; ConflictException when another daemon is alive there. */
  void prepare() {
    try {
      Path dir = path.getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x--x"));
      }
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return;
      if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
          || Files.isSymbolicLink(path)) {
        throw new InvalidArgumentException("cannot listen on " + path + ": it exists and is not a socket");
      }
      if (answers(path)) {
        throw new ConflictException("cannot listen on " + path + ": another daemon is running and answering on it");
      }
      LOG.info("removing stale socket {}", path);
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new SystemException("preparing socket " + path, e);
    }
  }

  /** A fresh name next to the socket to listen on before {@link #publish}. */
  Path temporary() {
    return path.resolveSibling("." + path.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8));
  }

  /** Gives the listening temporary socket mode 0660 and the group, then moves it to the real path. */
  void publish(Path listening, String group) {
    try {
      Files.setPosixFilePermissions(listening, PosixFilePermissions.fromString("rw-rw----"));
      setGroup(listening, path, group);
      try {
        Files.move(listening, path, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new SystemException("moving socket " + listening + " to " + path + ": not on one file system", e);
      }
    } catch (IOException e) {
      throw new SystemException("setting up socket " + path, e);
    }
  }

  private static void setGroup(Path p, Path shownAs, String group) throws IOException {
    GroupPrincipal principal;
    try {
      principal = p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
    } catch (UserPrincipalNotFoundException e) {
      LOG.warn("group {} does not exist; {} stays in root's group, so only root can use it", group, shownAs);
      return;
    }
    Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(principal);
  }

  /** Removes the socket if it is still there. */
  void remove() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("could not remove socket {}: {}", path, e.getMessage());
    }
  }

  /** Whether something accepts connections on the socket. */
  static boolean answers(Path socket) {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
