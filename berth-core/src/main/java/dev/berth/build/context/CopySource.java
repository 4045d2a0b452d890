package dev.berth.build.context;

import java.nio.file.Path;

/**
 * One file or directory a COPY/ADD source pattern matched.
 *
 * @param path where it is on this machine (under the tree's root, symlinks in its parents resolved within it)
 * @param name the last element as the source names it ({@code app.jar}), used when copying into a directory
 * @param directory whether it is a directory (its contents are copied, not itself)
 */
public record CopySource(Path path, String name, boolean directory) {}
