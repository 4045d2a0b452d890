package dev.berth.engine.image;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.image.content.ContentStore;
import dev.berth.image.content.ContentStore.BlobInfo;
import dev.berth.oci.Descriptor;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.Json;
import dev.berth.oci.Manifest;
import dev.berth.oci.MediaTypes;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * {@code docker import}: stores a root file system tar as a one-layer OCI image. The tar is stored
 * uncompressed (media type {@code application/vnd.oci.image.layer.v1.tar}), so its blob digest is its diff
 * ID; Berth compresses nothing. The config carries the {@code --change} settings, amd64/linux, an RFC 3339
 * creation time with nanoseconds and one history entry as dockerd writes it: no {@code created_by} (nothing
 * ran to make the layer, so {@code docker history} shows an empty CREATED BY) and the message as comment,
 * "Imported from -" by default ("-" is the source: the request body).
 */
final class Importer {
  static final String DEFAULT_COMMENT = "Imported from -";

  private final ContentStore content;

  Importer(ContentStore content) {
    this.content = content;
  }

  /** What an import wrote: the manifest (descriptor and parsed) and the config. */
  record Imported(Descriptor manifestDescriptor, Manifest manifest, ImageConfig config) {}

  /** Writes the layer, config and manifest blobs; the caller unpacks and registers the image. */
  Imported write(InputStream rootfsTar, ImageConfig.ContainerConfig containerConfig, String message) {
    BlobInfo layer = writeLayer(rootfsTar);
    String created = Instant.now().toString();
    String comment = message == null || message.isEmpty() ? DEFAULT_COMMENT : message;
    ImageConfig config = new ImageConfig(created, null, "amd64", "linux", null, containerConfig,
        ImageConfig.RootFs.layers(List.of(layer.digest())),
        List.of(new ImageConfig.History(created, null, null, comment, null)), null, comment);
    BlobInfo configBlob = content.write(Json.write(config));
    Manifest manifest = Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, configBlob.digest(), configBlob.size()),
        List.of(Descriptor.of(MediaTypes.OCI_LAYER, layer.digest(), layer.size())));
    BlobInfo manifestBlob = content.write(Json.write(manifest));
    Descriptor descriptor = Descriptor.of(MediaTypes.OCI_MANIFEST, manifestBlob.digest(), manifestBlob.size());
    return new Imported(descriptor, manifest, config);
  }

  private BlobInfo writeLayer(InputStream rootfsTar) {
    BlobInfo layer;
    try {
      layer = content.write(new InputErrors(Decompression.uncompressed(rootfsTar)), null, -1);
    } catch (IOException | UncheckedIOException e) {
      Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
      throw new InvalidArgumentException("importing image: cannot read the root file system tar: " + cause.getMessage(), e);
    }
    if (layer.size() == 0) throw new InvalidArgumentException("importing image: the root file system tar is empty");
    return layer;
  }

  /** Marks read errors of the caller's stream, so they are reported as bad input, not a store failure. */
  private static final class InputErrors extends FilterInputStream {
    InputErrors(InputStream in) {
      super(in);
    }

    @Override
    public int read() {
      try {
        return super.read();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
