package dev.berth.image.archive;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import dev.berth.image.content.ContentStore;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.Index;
import dev.berth.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OCI image layout directory (image-spec image-layout.md): {@code oci-layout} naming the layout version,
 * {@code index.json} listing the images, and {@code blobs/sha256/<hex>} holding every blob by digest.
 *
 * <p>{@link #write} exports images from a content store, in the layout skopeo's and umoci's {@code
 * oci:DIR:tag} read; {@link #open} reads one for {@link ImageLoader}. Reading never follows a symlink, and
 * a blob is checked against its descriptor's size (and, for the JSON documents it parses, its digest)
 * before use, so a broken layout fails with a message naming the file.
 */
public final class OciLayout {
  /** The largest manifest, index or config read into memory; Docker's own limit is far lower. */
  static final long MAX_JSON_BLOB = 64L << 20;

  private final Path root;
  private final Index index;
  private final String action;

  private OciLayout(Path root, Index index, String action) {
    this.root = root;
    this.index = index;
    this.action = action;
  }

  /**
   * Writes the images as a layout in {@code dir}, which must be absent or empty. Index entries carry the
   * {@code org.opencontainers.image.ref.name} (the tag) and {@code io.containerd.image.name} annotations.
   */
  public static void write(ContentStore store, List<SaveItem> items, Path dir) {
    ExportPlan plan = ExportPlan.of(store, items);
    try {
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        try (var children = Files.list(dir)) {
          if (children.findAny().isPresent()) throw new ConflictException("write OCI layout " + dir + ": directory is not empty");
        }
      }
      Path blobs = Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
      for (Digest digest : plan.blobs()) {
        try (InputStream in = store.open(digest)) {
          Files.copy(in, blobs.resolve(digest.encoded()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.write(dir.resolve("oci-layout"), ExportPlan.OCI_LAYOUT);
      Files.write(dir.resolve("index.json"), plan.indexJson());
    } catch (IOException e) {
      throw new SystemException("write OCI layout " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Opens the layout in {@code dir}; InvalidArgumentException when it is not one. */
  public static OciLayout open(Path dir) {
    return open(dir, "read OCI layout " + dir);
  }

  /** As {@link #open(Path)}, with errors starting with {@code action} (for example "load"). */
  static OciLayout open(Path dir, String action) {
    Path layoutFile = dir.resolve("oci-layout");
    if (!Files.isRegularFile(layoutFile, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidArgumentException(action + ": oci-layout is missing, so this is not an OCI image layout");
    }
    Map<?, ?> layout = ArchiveJson.read(readFile(layoutFile, action), Map.class, "oci-layout");
    if (!MediaTypes.OCI_LAYOUT_VERSION.equals(layout.get("imageLayoutVersion"))) {
      throw new InvalidArgumentException(action + ": oci-layout has imageLayoutVersion " + layout.get("imageLayoutVersion")
          + ", expected " + MediaTypes.OCI_LAYOUT_VERSION);
    }
    Path indexFile = dir.resolve("index.json");
    if (!Files.isRegularFile(indexFile, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidArgumentException(action + ": index.json is missing from the OCI image layout");
    }
    Index index = ArchiveJson.read(readFile(indexFile, action), Index.class, "index.json");
    return new OciLayout(dir, index, action);
  }

  public Path root() {
    return root;
  }

  /** The layout's top-level index ({@code index.json}). */
  public Index index() {
    return index;
  }

  /** The blob's file, if the layout holds it as a regular file. */
  public Optional<Path> blob(Digest digest) {
    Path file = root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.encoded());
    return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(file) : Optional.empty();
  }

  /**
   * The blob's file, checked to exist and to have the descriptor's size. {@code role} says what the blob
   * is for the error message ("layer 2 of busybox:latest").
   */
  public Path requireBlob(Descriptor descriptor, String role) {
    String name = ExportPlan.blobPath(descriptor.digest());
    Path file = blob(descriptor.digest())
        .orElseThrow(() -> new InvalidArgumentException(action + ": " + name + " (" + role + ") is missing"));
    long size = sizeOf(file);
    if (size != descriptor.size()) {
      throw new InvalidArgumentException(action + ": " + name + " (" + role + ") is " + size
          + " bytes, but its descriptor says " + descriptor.size());
    }
    return file;
  }

  /** Reads a small blob (manifest, index, config), checked against the descriptor's size and digest. */
  public byte[] readBlob(Descriptor descriptor, String role) {
    if (descriptor.size() > MAX_JSON_BLOB) {
      throw new InvalidArgumentException(action + ": " + ExportPlan.blobPath(descriptor.digest()) + " (" + role + ") is "
          + descriptor.size() + " bytes, more than the " + MAX_JSON_BLOB + " a JSON document may have");
    }
    byte[] bytes = readFile(requireBlob(descriptor, role), action);
    Digest actual = Digest.sha256(bytes);
    if (!actual.equals(descriptor.digest())) {
      throw new InvalidArgumentException(action + ": " + ExportPlan.blobPath(descriptor.digest()) + " (" + role
          + ") does not match its digest: its content hashes to " + actual);
    }
    return bytes;
  }

  /** Parses a JSON blob read with {@link #readBlob}; malformed JSON names the blob. */
  <T> T readJson(Descriptor descriptor, Class<T> type, String role) {
    return ArchiveJson.read(readBlob(descriptor, role), type, ExportPlan.blobPath(descriptor.digest()) + " (" + role + ")");
  }

  String action() {
    return action;
  }

  private long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new SystemException(action + ": cannot read " + root.relativize(file) + ": " + e.getMessage(), e);
    }
  }

  private static byte[] readFile(Path file, String action) {
    try {
      return Files.readAllBytes(Objects.requireNonNull(file));
    } catch (IOException e) {
      throw new SystemException(action + ": cannot read " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }
}
