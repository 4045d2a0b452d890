package dev.berth.build.context;

import dev.berth.errors.SystemException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the tar (entry names relative to {@code /}) that, extracted at the image's root, does what Docker's
 * COPY/ADD does: a directory source copies its contents; the destination is a directory when it ends in
 * {@code /}, when there are several sources, or when it already is one in the image; missing parent
 * directories are created (0755, owned as the copied files); existing ones are not touched (no entry for
 * them); files get the requested owner (0:0 by default) and mode; ADD unpacks local tar archives (plain,
 * gzip, bzip2, xz) into the destination.
 *
 * <p>A destination that cannot work (a parent, or the target of a directory copy, is a file in the image)
 * is an InvalidArgumentException; so is an archive entry that would leave the destination. The tar is
 * ended and {@code out} flushed, not closed.
 */
public final class CopyTar {
  private CopyTar() {}

  public static void write(CopyRequest request, TargetFs target, OutputStream out) {
    try (TarSink sink = new TarSink(out)) {
      new CopyWriter(request, target, sink).run();
    } catch (IOException e) {
      throw new SystemException("copy to " + request.dest() + ": " + e.getMessage(), e);
    }
  }
}
