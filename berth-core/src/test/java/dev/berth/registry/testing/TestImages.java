package dev.berth.registry.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Test images written as OCI image layouts (the format skopeo reads with {@code oci:DIR:TAG}), built here from
 * scratch so a test knows every digest in advance and Berth's own OCI code had no part in them.
 *
 * <pre>{@code
 * TestImages.Image image = TestImages.ociLayout(dir, TestImages.Layer.random(1 << 20), TestImages.Layer.random(4096));
 * String digest = Skopeo.of(registry).push(image, "demo/app:v1");
 * }</pre>
 */
public final class TestImages {
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String REF_NAME = "org.opencontainers.image.ref.name";
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestImages() {}

  /** How a layer blob is compressed, with its OCI media type. */
  public enum Compression {
    NONE("application/vnd.oci.image.layer.v1.tar"),
    GZIP("application/vnd.oci.image.layer.v1.tar+gzip"),
    ZSTD("application/vnd.oci.image.layer.v1.tar+zstd");

    private final String mediaType;

    Compression(String mediaType) {
      this.mediaType = mediaType;
    }

    public String mediaType() {
      return mediaType;
    }
  }

  /**
   * One layer to write: either a tar holding one file of {@code randomBytes} random bytes (random data does not
   * compress, so the blob is about that size), or an existing tar file (e.g. a busybox rootfs, for an image that
   * runs).
   */
  public record Layer(long randomBytes, Path tar, Compression compression) {
    public Layer {
      if ((tar == null) == (randomBytes < 0)) {
        throw new IllegalArgumentException("layer: give either a tar or a random size >= 0, not both or neither");
      }
    }

    public static Layer random(long bytes) {
      return new Layer(bytes, null, Compression.GZIP);
    }

    public static Layer random(long bytes, Compression compression) {
      return new Layer(bytes, null, compression);
    }

    public static Layer tar(Path tar, Compression compression) {
      return new Layer(-1, tar, compression);
    }
  }

  /** The platform an image is for; {@code variant} is "" when there is none. */
  public record Platform(String os, String architecture, String variant) {
    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", "");
    public static final Platform LINUX_ARM64 = new Platform("linux", "arm64", "v8");
    public static final Platform LINUX_ARM_V7 = new Platform("linux", "arm", "v7");

    public Platform {
      if (os.isEmpty() || architecture.isEmpty()) {
        throw new IllegalArgumentException("platform " + os + "/" + architecture + ": os and architecture are needed");
      }
    }
  }

  /** A blob written into a layout: its digest ("sha256:HEX"), size and media type. */
  public record Blob(String digest, long size, String mediaType) {}

  /** A written layer: its blob and its diff ID (digest of the uncompressed tar). */
  public record LayerBlob(Blob blob, String diffId) {}

  /**
   * An image in an OCI layout under {@code tag} (null for an image reached only through an index): its manifest,
   * config and layers, all already on disk.
   */
  public record Image(Path layout, String tag, Blob manifest, Blob config, List<LayerBlob> layers) {
    public Image {
      layers = List.copyOf(layers);
    }

    /** The file holding a blob of this layout, e.g. to read a manifest or corrupt a layer. */
    public Path blobPath(String digest) {
      return TestImages.blobPath(layout, digest);
    }
  }

  /** Writes an image of these layers tagged "latest" into the OCI layout at {@code dir} (created if absent). */
  public static Image ociLayout(Path dir, Layer... layers) {
    return ociLayout(dir, "latest", List.of("/bin/sh"), List.of(layers));
  }

  /**
   * Writes an image for linux/amd64 with these layers and {@code cmd} into the OCI layout at {@code dir}, tagged
   * {@code tag}. A layout that already holds other tags keeps them; an existing {@code tag} is replaced.
   */
  public static Image ociLayout(Path dir, String tag, List<String> cmd, List<Layer> layers) {
    try {
      Image image = writeImage(dir, cmd, layers, Platform.LINUX_AMD64);
      tagInIndex(dir, tag, image.manifest());
      return new Image(dir, tag, image.manifest(), image.config(), image.layers());
    } catch (IOException e) {
      throw new UncheckedIOException("write OCI layout " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Writes an image's blobs (layers, config, manifest) into the layout without tagging it; its tag is null. */
  static Image writeImage(Path dir, List<String> cmd, List<Layer> layers, Platform platform) throws IOException {
    Files.createDirectories(dir.resolve("blobs/sha256"));
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    List<LayerBlob> written = new ArrayList<>();
    for (Layer layer : layers) {
      written.add(writeLayer(dir, layer));
    }
    Blob config = writeJson(dir, config(cmd, written, platform), OCI_CONFIG);
    Blob manifest = writeJson(dir, manifest(config, written), OCI_MANIFEST);
    return new Image(dir, null, manifest, config, written);
  }


  static Path blobPath(Path layout, String digest) {
    String[] parts = digest.split(":", 2);
    return layout.resolve("blobs").resolve(parts[0]).resolve(parts[1]);
  }

  private static LayerBlob writeLayer(Path dir, Layer layer) throws IOException {
    Path temp = Files.createTempFile(dir.resolve("blobs/sha256"), "layer-", ".tmp");
    try {
      Hashing.Counted compressed;
      Hashing.Counted uncompressed;
      try (Hashing.Counted fileSide = Hashing.counted(Files.newOutputStream(temp));
           OutputStream compressor = Compressors.compress(fileSide, layer.compression());
           Hashing.Counted tarSide = Hashing.counted(compressor)) {
        compressed = fileSide;
        uncompressed = tarSide;
        if (layer.tar() != null) {
          try (InputStream in = Files.newInputStream(layer.tar())) {
            in.transferTo(tarSide);
          }
        } else {
          writeRandomTar(tarSide, layer.randomBytes());
        }
      }
      Blob blob = new Blob(compressed.digest(), compressed.count(), layer.compression().mediaType());
      Files.move(temp, blobPath(dir, blob.digest()), StandardCopyOption.REPLACE_EXISTING);
      return new LayerBlob(blob, uncompressed.digest());
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** A tar of one directory and one file of random bytes: unique content, so no two layers share a digest. */
  private static void writeRandomTar(OutputStream out, long size) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(NonClosing.of(out));
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    String name = "data/random-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    TarArchiveEntry directory = new TarArchiveEntry("data/");
    tar.putArchiveEntry(directory);
    tar.closeArchiveEntry();
    TarArchiveEntry file = new TarArchiveEntry(name);
    file.setSize(size);
    file.setMode(0644);
    tar.putArchiveEntry(file);
    byte[] chunk = new byte[64 * 1024];
    for (long left = size; left > 0; left -= chunk.length) {
      ThreadLocalRandom.current().nextBytes(chunk);
      tar.write(chunk, 0, (int) Math.min(chunk.length, left));
    }
    tar.closeArchiveEntry();
    tar.finish();
    tar.close();
  }

  private static ObjectNode config(List<String> cmd, List<LayerBlob> layers, Platform platform) {
    ObjectNode config = JSON.createObjectNode();
    config.put("created", "2026-01-01T00:00:00Z");
    config.put("architecture", platform.architecture());
    config.put("os", platform.os());
    if (!platform.variant().isEmpty()) {
      config.put("variant", platform.variant());
    }
    ArrayNode command = config.putObject("config").putArray("Cmd");
    cmd.forEach(command::add);
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode diffIds = rootfs.putArray("diff_ids");
    layers.forEach(layer -> diffIds.add(layer.diffId()));
    ArrayNode history = config.putArray("history");
    layers.forEach(layer -> history.addObject().put("created_by", "berth test layer " + layer.diffId()));
    return config;
  }

  private static ObjectNode manifest(Blob config, List<LayerBlob> layers) {
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", OCI_MANIFEST);
    manifest.set("config", descriptor(config));
    ArrayNode array = manifest.putArray("layers");
    layers.forEach(layer -> array.add(descriptor(layer.blob())));
    return manifest;
  }

  static ObjectNode descriptor(Blob blob) {
    ObjectNode descriptor = JSON.createObjectNode();
    descriptor.put("mediaType", blob.mediaType());
    descriptor.put("digest", blob.digest());
    descriptor.put("size", blob.size());
    return descriptor;
  }

  static Blob writeJson(Path dir, ObjectNode node, String mediaType) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(node);
    String digest = Hashing.sha256(bytes);
    Files.write(blobPath(dir, digest), bytes);
    return new Blob(digest, bytes.length, mediaType);
  }

  /** Points {@code tag} at {@code manifest} in index.json, keeping the layout's other tags. */
  static void tagInIndex(Path dir, String tag, Blob manifest) throws IOException {
    Path indexFile = dir.resolve("index.json");
    ObjectNode index;
    if (Files.exists(indexFile)) {
      index = (ObjectNode) JSON.readTree(indexFile.toFile());
    } else {
      index = JSON.createObjectNode();
      index.put("schemaVersion", 2);
      index.put("mediaType", OCI_INDEX);
      index.putArray("manifests");
    }
    ArrayNode kept = JSON.createArrayNode();
    index.withArray("manifests").forEach(entry -> {
      if (!tag.equals(entry.path("annotations").path(REF_NAME).asText())) {
        kept.add(entry);
      }
    });
    ObjectNode entry = descriptor(manifest);
    entry.putObject("annotations").put(REF_NAME, tag);
    kept.add(entry);
    index.set("manifests", kept);
    Files.write(indexFile, JSON.writeValueAsBytes(index));
  }
}
