package dev.berth.engine.image;

import dev.berth.image.content.ContentStore;
import dev.berth.oci.Descriptor;
import dev.berth.oci.ImageReference;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and writes image archives (docker-save tars, OCI archives). The engine wires it to the archive
 * package's saver and loader. The service registers what {@link #load} wrote only after it has unpacked it.
 */
public interface ImageArchive {
  /** Writes the archive of the given images (their blobs are in {@code content}). */
  void save(ContentStore content, List<ArchivedImage> images, OutputStream out);

  /** Writes the archive's blobs to {@code content} and returns its images; {@code scratch} is a temp dir. */
  List<ArchivedImage> load(InputStream archive, ContentStore content, Path scratch);

  /** One image of an archive: its manifest and the references it carries there. */
  record ArchivedImage(Descriptor manifest, List<ImageReference> tags) {
    public ArchivedImage {
      java.util.Objects.requireNonNull(manifest, "archived image manifest");
      tags = tags == null ? List.of() : List.copyOf(tags);
    }
  }

}
