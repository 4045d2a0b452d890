package dev.berth.build.context;

import dev.berth.errors.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * One COPY/ADD turned into tar entries (see {@link CopyTar}). It remembers which directories exist in the
 * image or were already written, so that each missing parent gets exactly one entry and existing ones none,
 * and which inode each hardlinked file was first written as.
 */
final class CopyWriter {
  private final CopyRequest request;
  private final TargetFs target;
  private final TarSink sink;
  private final int uid;
  private final int gid;
  private final Set<String> knownDirs = new HashSet<>();
  private final Map<String, String> firstNameByInode = new HashMap<>();
  private final FileTime now = FileTime.fromMillis(System.currentTimeMillis());

  CopyWriter(CopyRequest request, TargetFs target, TarSink sink) {
    this.request = request;
    this.target = target;
    this.sink = sink;
    this.uid = Math.max(request.uid(), 0);
    this.gid = request.gid() >= 0 ? request.gid() : uid; // --chown=UID alone means UID:UID, as in Docker
    knownDirs.add("");
  }

  void run() throws IOException {
    String dest = GoPath.clean("/" + request.dest());
    String destRel = dest.substring(1);
    boolean destIsDir = request.dest().endsWith("/") || request.sources().size() > 1 || kind(destRel) == TargetFs.Kind.DIRECTORY;
    for (CopySource s : request.sources()) {
      if (s.directory()) {
        copyDirectory(s, destRel);
      } else if (request.extractArchives() && Archives.isTar(s.path())) {
        ensureDir(destRel);
        new ArchiveUnpacker(this, s, destRel).run();
      } else if (destIsDir) {
        ensureDir(destRel);
        emit(SourceEntry.read("", s.path()), GoPath.join(destRel, s.name()));
      } else {
        ensureDir(GoPath.parent(destRel));
        emit(SourceEntry.read("", s.path()), destRel);
      }
    }
  }

  /**
   * A directory source: its contents go into {@code destRel}, created like a missing parent (0755, the copy's
   * owner) when absent, as dockerd's CopyWithTar does: the source directory's own mode is not copied (a
   * context unpacked in a 0700 temporary directory must not make {@code COPY . /app} unreadable).
   */
  private void copyDirectory(CopySource s, String destRel) throws IOException {
    if (!knownDirs.contains(destRel) && kind(destRel) == TargetFs.Kind.OTHER) {
      throw new InvalidArgumentException("copy " + s.name() + " to " + request.dest()
          + ": cannot copy a directory over the file /" + destRel);
    }
    ensureDir(destRel);
    List<SourceEntry> entries = SourceWalker.walk(s);
    for (SourceEntry e : entries.subList(1, entries.size())) emit(e, GoPath.join(destRel, e.rel()));
  }

  /** Creates {@code rel} and its missing parents (0755, the copy's owner); no entry for existing ones. */
  void ensureDir(String rel) throws IOException {
    if (knownDirs.contains(rel)) return;
    ensureDir(GoPath.parent(rel));
    switch (kind(rel)) {
      case ABSENT -> sink.put(TarSink.entry(rel, TarConstants.LF_DIR, 0755, uid, gid, now));
      case DIRECTORY -> { }
      case OTHER -> throw new InvalidArgumentException(
          "copy to " + request.dest() + ": /" + rel + " exists in the image and is not a directory");
    }
    knownDirs.add(rel);
  }

  private TargetFs.Kind kind(String rel) {
    return knownDirs.contains(rel) ? TargetFs.Kind.DIRECTORY : target.kind("/" + rel);
  }

  /** Writes one source node as {@code name}, with the copy's owner and mode. */
  private void emit(SourceEntry e, String name) throws IOException {
    int mode = request.mode() != null ? request.mode() : e.mode();
    switch (e.type()) {
      case FILE -> file(e, name, mode);
      case DIR -> {
        sink.put(TarSink.entry(name, TarConstants.LF_DIR, mode, uid, gid, e.mtime()));
        knownDirs.add(name);
      }
      case SYMLINK -> {
        TarArchiveEntry t = TarSink.entry(name, TarConstants.LF_SYMLINK, 0777, uid, gid, e.mtime());
        t.setLinkName(e.linkTarget());
        sink.put(t);
      }
      case CHAR, BLOCK -> {
        byte flag = e.type() == SourceEntry.Type.CHAR ? TarConstants.LF_CHR : TarConstants.LF_BLK;
        TarArchiveEntry t = TarSink.entry(name, flag, mode, uid, gid, e.mtime());
        t.setDevMajor(e.major());
        t.setDevMinor(e.minor());
        sink.put(t);
      }
      case FIFO -> sink.put(TarSink.entry(name, TarConstants.LF_FIFO, mode, uid, gid, e.mtime()));
      case SOCKET -> { } // no tar form: left out, as Docker does
    }
  }

  private void file(SourceEntry e, String name, int mode) throws IOException {
    if (e.nlink() > 1) {
      String first = firstNameByInode.putIfAbsent(e.inode(), name);
      if (first != null && !first.equals(name)) {
        TarArchiveEntry t = TarSink.entry(name, TarConstants.LF_LINK, mode, uid, gid, e.mtime());
        t.setLinkName(first);
        sink.put(t);
        return;
      }
    }
    try (InputStream in = Files.newInputStream(e.host())) {
      sink.put(TarSink.entry(name, TarConstants.LF_NORMAL, mode, uid, gid, e.mtime()), in, e.size());
    }
  }

  /** For {@link ArchiveUnpacker}: the copy's request, sink, owner and the directories known so far. */
  CopyRequest request() {
    return request;
  }

  TarSink sink() {
    return sink;
  }

  int uid() {
    return uid;
  }

  int gid() {
    return gid;
  }

  void written(String dir) {
    knownDirs.add(dir);
  }
}
