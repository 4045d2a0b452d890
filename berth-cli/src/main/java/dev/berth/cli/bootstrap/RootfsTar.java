package dev.berth.cli.bootstrap;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a deterministic tar: entries sorted by path, owner root (0:0), one fixed modification time. The
 * same entries always give the same bytes, hence the same layer digest.
 */
public final class RootfsTar {
  /** Every entry's modification time: the Unix epoch, as reproducible builds use. */
  public static final Instant FIXED_MTIME = Instant.EPOCH;

  private RootfsTar() {}

  public static void write(List<RootfsEntry> entries, OutputStream out) throws IOException {
    List<RootfsEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(RootfsEntry::path));
    Set<String> seen = new HashSet<>();
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    for (RootfsEntry entry : sorted) {
      if (!seen.add(entry.path())) throw new IllegalArgumentException("rootfs tar: duplicate entry " + entry.path());
      TarArchiveEntry header = header(entry);
      tar.putArchiveEntry(header);
      if (entry instanceof RootfsEntry.File f) tar.write(f.content());
      tar.closeArchiveEntry();
    }
    tar.finish();
    tar.flush();
  }

  private static TarArchiveEntry header(RootfsEntry entry) {
    TarArchiveEntry header = switch (entry) {
      case RootfsEntry.Directory d -> {
        TarArchiveEntry h = new TarArchiveEntry(d.path() + "/", TarConstants.LF_DIR, false);
        h.setMode(0040000 | d.mode());
        yield h;
      }
      case RootfsEntry.File f -> {
        TarArchiveEntry h = new TarArchiveEntry(f.path(), TarConstants.LF_NORMAL, false);
        h.setMode(0100000 | f.mode());
        h.setSize(f.content().length);
        yield h;
      }
      case RootfsEntry.Symlink s -> {
        TarArchiveEntry h = new TarArchiveEntry(s.path(), TarConstants.LF_SYMLINK, false);
        h.setMode(0120777);
        h.setLinkName(s.target());
        yield h;
      }
    };
    header.setIds(0, 0);
    header.setNames("root", "root");
    header.setModTime(FileTime.from(FIXED_MTIME));
    return header;
  }
}
