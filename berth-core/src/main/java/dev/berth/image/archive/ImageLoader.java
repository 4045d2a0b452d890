package dev.berth.image.archive;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import dev.berth.image.archive.PendingImage.BlobSource;
import dev.berth.image.content.ContentStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an image archive into the content store, as {@code docker load} does. Three formats:
 * <ul>
 *   <li>the tar {@code docker save} writes since Engine 25 (and {@link ImageSaver} writes): an OCI layout
 *       plus {@code manifest.json};
 *   <li>an OCI archive: a tar of an OCI image layout without {@code manifest.json};
 *   <li>a legacy docker-archive (older Docker, {@code skopeo copy … docker-archive:}): {@code manifest.json}
 *       over {@code <hex>.json} configs and layer tars, for which a manifest is synthesised.
 * </ul>
 *
 * <p>The archive is unpacked into a fresh directory under {@code scratchDir}, which is always deleted. Every
 * image is read and checked before any blob is written, and every blob is verified against its digest as
 * the content store commits it. Loading only writes blobs: the caller registers the returned images, so a
 * failed load leaves no image behind (at worst unreferenced blobs, which garbage collection removes).
 */
public final class ImageLoader {
  private ImageLoader() {}

  /**
   * Loads the archive's images; InvalidArgumentException names the file when the archive is malformed or
   * truncated, misses a blob, points outside itself or holds a blob that does not match its digest.
   */
  public static List<LoadedImage> load(InputStream archive, ContentStore store, Path scratchDir) {
    Path work = createWorkDir(scratchDir);
    RuntimeException failure = null;
    try {
      ExtractedArchive extracted = ArchiveExtractor.extract(archive, work);
      List<PendingImage> images = read(extracted);
      List<LoadedImage> loaded = new ArrayList<>();
      for (PendingImage image : images) loaded.add(commit(image, store));
      return List.copyOf(loaded);
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      try {
        deleteRecursively(work);
      } catch (SystemException e) {
        if (failure == null) throw e;
        failure.addSuppressed(e);
      }
    }
  }

  private static List<PendingImage> read(ExtractedArchive archive) {
    if (archive.has("manifest.json")) return DockerArchiveReader.read(archive);
    if (archive.has("index.json")) return OciArchiveReader.read(OciLayout.open(archive.root(), "load"));
    throw new InvalidArgumentException(
        "load: archive has neither manifest.json nor index.json, so it is no docker-save tar or OCI archive");
  }

  private static LoadedImage commit(PendingImage image, ContentStore store) {
    for (BlobSource blob : image.blobs()) {
      if (store.exists(blob.digest())) continue;
      try (InputStream in = blob.file() != null ? Files.newInputStream(blob.file()) : new ByteArrayInputStream(blob.bytes())) {
        store.write(in, blob.digest(), blob.size());
      } catch (InvalidArgumentException e) {
        throw new InvalidArgumentException("load: " + blob.name() + " does not match its descriptor: " + e.getMessage(), e);
      } catch (IOException e) {
        throw new SystemException("load: cannot read " + blob.name() + " from the scratch directory: " + e.getMessage(), e);
      }
    }
    return new LoadedImage(image.manifest(), image.configDigest(), image.tags());
  }

  private static Path createWorkDir(Path scratchDir) {
    try {
      Files.createDirectories(scratchDir);
      return Files.createTempDirectory(scratchDir, "load-");
    } catch (IOException e) {
      throw new SystemException("load: cannot create a scratch directory in " + scratchDir + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the tree without following links (extraction creates none, but be safe). */
  static void deleteRecursively(Path dir) {
    try {
      dev.berth.sys.FileTrees.delete(dir);
    } catch (IOException e) {
      throw new SystemException("load: cannot delete the scratch directory " + dir + ": " + e.getMessage(), e);
    }
  }
}
