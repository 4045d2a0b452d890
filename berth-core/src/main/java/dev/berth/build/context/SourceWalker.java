package dev.berth.build.context;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists what a COPY source brings: the source itself (relative name {@code ""}), then for a directory
 * everything below it, depth first, in name order, directories before their contents. Files the
 * {@code .dockerignore} excludes are invisible; an excluded directory that an exception may reach into is
 * looked through and listed only when something under it is.
 */
final class SourceWalker {
  private SourceWalker() {}

  static List<SourceEntry> walk(CopySource source) throws IOException {
    List<SourceEntry> out = new ArrayList<>();
    SourceEntry top = SourceEntry.read("", source.path());
    out.add(top);
    if (top.type() == SourceEntry.Type.DIR) {
      out.addAll(children(source, source.path(), ""));
    }
    return out;
  }

  private static List<SourceEntry> children(CopySource source, Path dir, String rel) throws IOException {
    List<SourceEntry> out = new ArrayList<>();
    for (Path child : sortedChildren(dir)) {
      String name = GoPath.join(rel, child.getFileName().toString());
      String contextPath = GoPath.join(source.contextPath(), name);
      SourceEntry e = SourceEntry.read(name, child);
      boolean excluded = source.ignore().excluded(contextPath);
      if (e.type() == SourceEntry.Type.DIR) {
        if (excluded && !source.ignore().mayIncludeUnder(contextPath)) continue;
        List<SourceEntry> below = children(source, child, name);
        if (excluded && below.isEmpty()) continue;
        out.add(e);
        out.addAll(below);
      } else if (!excluded) {
        out.add(e);
      }
    }
    return out;
  }

  static List<Path> sortedChildren(Path dir) throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path c : ds) children.add(c);
    }
    children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    return children;
  }
}
