package dev.berth.build.context;

import java.io.OutputStream;

/**
 * Writes the tar (entry names relative to {@code /}) that, extracted at the image's root, does what Docker's
 * COPY/ADD does: a directory source copies its contents; the destination is a directory when it ends in
 * {@code /}, when there are several sources, or when it already is one in the image; missing parent
 * directories are created (0755, owned as the copied files); existing ones are not touched (no entry for
 * them); files get the requested owner (0:0 by default) and mode; ADD unpacks local tar archives (plain,
 * gzip, bzip2, xz) into the destination.
 */
public final class CopyTar {
  private CopyTar() {}

  public static void write(CopyRequest request, TargetFs target, OutputStream out) {
    throw new UnsupportedOperationException("not yet written");
  }
}
