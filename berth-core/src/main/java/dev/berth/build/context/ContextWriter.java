package dev.berth.build.context;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The client side of the context: the directory as the docker CLI tars it. Depth first in name order,
 * directories before their contents, names relative to the directory without {@code ./}; what the
 * {@code .dockerignore} excludes is left out, and an excluded directory that an exception reaches into is
 * looked through without an entry of its own; owners are 0:0 (the CLI's choice: the daemon must not depend on
 * the client's user ids); hardlinks are kept as hardlinks; sockets are left out.
 */
final class ContextWriter {
  private final Path dir;
  private final DockerIgnore ignore;
  private final TarSink sink;
  private final Map<String, String> firstNameByInode = new HashMap<>();

  ContextWriter(Path dir, DockerIgnore ignore, TarSink sink) {
    this.dir = dir;
    this.ignore = ignore;
    this.sink = sink;
  }

  void run() throws IOException {
    walk(dir, "");
  }

  private void walk(Path d, String rel) throws IOException {
    for (Path child : SourceWalker.sortedChildren(d)) {
      String name = GoPath.join(rel, child.getFileName().toString());
      SourceEntry e = SourceEntry.read(name, child);
      boolean excluded = ignore.excluded(name);
      if (e.type() == SourceEntry.Type.DIR) {
        if (excluded && !ignore.mayIncludeUnder(name)) continue;
        if (!excluded) sink.put(TarSink.entry(name, TarConstants.LF_DIR, e.mode(), 0, 0, e.mtime()));
        walk(child, name);
      } else if (!excluded) {
        put(e);
      }
    }
  }

  private void put(SourceEntry e) throws IOException {
    switch (e.type()) {
      case FILE -> file(e);
      case SYMLINK -> {
        TarArchiveEntry t = TarSink.entry(e.rel(), TarConstants.LF_SYMLINK, 0777, 0, 0, e.mtime());
        t.setLinkName(e.linkTarget());
        sink.put(t);
      }
      case CHAR, BLOCK -> {
        TarArchiveEntry t = TarSink.entry(e.rel(), e.type() == SourceEntry.Type.CHAR ? TarConstants.LF_CHR
            : TarConstants.LF_BLK, e.mode(), 0, 0, e.mtime());
        t.setDevMajor(e.major());
        t.setDevMinor(e.minor());
        sink.put(t);
      }
      case FIFO -> sink.put(TarSink.entry(e.rel(), TarConstants.LF_FIFO, e.mode(), 0, 0, e.mtime()));
      case DIR, SOCKET -> { }
    }
  }

  private void file(SourceEntry e) throws IOException {
    if (e.nlink() > 1) {
      String first = firstNameByInode.putIfAbsent(e.inode(), e.rel());
      if (first != null) {
        TarArchiveEntry t = TarSink.entry(e.rel(), TarConstants.LF_LINK, e.mode(), 0, 0, e.mtime());
        t.setLinkName(first);
        sink.put(t);
        return;
      }
    }
    try (InputStream in = Files.newInputStream(e.host())) {
      sink.put(TarSink.entry(e.rel(), TarConstants.LF_NORMAL, e.mode(), 0, 0, e.mtime()), in, e.size());
    }
  }
}
