package dev.berth.build.context;

import dev.berth.errors.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * ADD of a local tar archive: its entries are rewritten below the destination instead of the file being
 * copied. Names are cleaned ({@code /} and {@code ./} dropped); one that climbs out with {@code ..}, a
 * hardlink to outside, or an entry below a symlink the archive itself made (which could point anywhere) is
 * an InvalidArgumentException naming the entry. Owners and modes are the archive's unless the ADD has
 * {@code --chown}/{@code --chmod}; mtimes are kept.
 */
final class ArchiveUnpacker {
  private final CopyWriter copy;
  private final CopySource source;
  private final String destRel;
  private final Set<String> symlinks = new HashSet<>();

  ArchiveUnpacker(CopyWriter copy, CopySource source, String destRel) {
    this.copy = copy;
    this.source = source;
    this.destRel = destRel;
  }

  void run() throws IOException {
    try (InputStream raw = Files.newInputStream(source.path());
        TarArchiveInputStream tar = new TarArchiveInputStream(Archives.decompressed(raw))) {
      for (TarArchiveEntry e; (e = nextEntry(tar)) != null; ) {
        String rel = inside(e.getName(), e.getName());
        if (rel.isEmpty()) continue; // the archive's root: the destination keeps its own metadata
        checkNotUnderSymlink(rel, e);
        if (e.isSymbolicLink()) {
          symlinks.add(rel);
        } else {
          symlinks.remove(rel);
        }
        write(e, rel, tar);
      }
    }
  }

  private TarArchiveEntry nextEntry(TarArchiveInputStream tar) {
    try {
      return tar.getNextEntry();
    } catch (IOException | RuntimeException e) {
      throw new InvalidArgumentException("ADD " + source.name() + ": the archive is malformed: " + e.getMessage(), e);
    }
  }

  private void write(TarArchiveEntry e, String rel, InputStream content) throws IOException {
    String name = GoPath.join(destRel, rel);
    CopyRequest r = copy.request();
    int mode = r.mode() != null ? r.mode() : e.getMode() & 07777;
    int uid = r.uid() >= 0 ? copy.uid() : (int) e.getLongUserId();
    int gid = r.uid() >= 0 || r.gid() >= 0 ? copy.gid() : (int) e.getLongGroupId();
    byte flag = flagOf(e);
    TarArchiveEntry out = TarSink.entry(name, flag, flag == TarConstants.LF_SYMLINK ? 0777 : mode, uid, gid,
        e.getLastModifiedTime());
    switch (flag) {
      case TarConstants.LF_SYMLINK -> out.setLinkName(e.getLinkName());
      case TarConstants.LF_LINK -> out.setLinkName(GoPath.join(destRel, inside(e.getLinkName(), e.getName())));
      case TarConstants.LF_CHR, TarConstants.LF_BLK -> {
        out.setDevMajor(e.getDevMajor());
        out.setDevMinor(e.getDevMinor());
      }
      case TarConstants.LF_DIR -> copy.written(name);
      default -> { }
    }
    if (flag == TarConstants.LF_NORMAL) {
      copy.sink().put(out, new EntryContent(content, e.getName()), e.getSize());
    } else {
      copy.sink().put(out);
    }
  }

  private byte flagOf(TarArchiveEntry e) {
    if (e.isDirectory()) return TarConstants.LF_DIR;
    if (e.isSymbolicLink()) return TarConstants.LF_SYMLINK;
    if (e.isLink()) return TarConstants.LF_LINK;
    if (e.isCharacterDevice()) return TarConstants.LF_CHR;
    if (e.isBlockDevice()) return TarConstants.LF_BLK;
    if (e.isFIFO()) return TarConstants.LF_FIFO;
    if (e.isFile()) return TarConstants.LF_NORMAL;
    throw bad(e.getName(), "has an unsupported type '" + (char) e.getLinkFlag() + "'");
  }

  /** The cleaned name below the destination; refused when it climbs out. */
  private String inside(String name, String entry) {
    String c = GoPath.clean("/" + name).substring(1);
    String plain = GoPath.clean(name.startsWith("/") ? name.substring(1) : name);
    if (plain.equals("..") || plain.startsWith("../")) throw bad(entry, "points outside the destination");
    return c;
  }

  private void checkNotUnderSymlink(String rel, TarArchiveEntry e) {
    for (String dir = GoPath.parent(rel); !dir.isEmpty(); dir = GoPath.parent(dir)) {
      if (symlinks.contains(dir)) throw bad(e.getName(), "is below the symlink '" + dir + "' of the same archive");
    }
  }

  /** An entry's data; failing to read it means the archive is malformed (truncated, corrupt), not an I/O fault. */
  private final class EntryContent extends java.io.FilterInputStream {
    private final String entry;

    EntryContent(InputStream in, String entry) {
      super(in);
      this.entry = entry;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        throw bad(entry, "cannot be read: " + e.getMessage());
      }
    }
  }

  private InvalidArgumentException bad(String entry, String why) {
    return new InvalidArgumentException("ADD " + source.name() + ": archive entry '" + entry + "' " + why);
  }
}
