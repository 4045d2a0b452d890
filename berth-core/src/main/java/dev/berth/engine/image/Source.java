package dev.berth.engine.image;

import dev.berth.engine.ImageSource;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.image.content.ContentStore;
import dev.berth.image.store.StoredImage;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** {@link ImageSource} over the local stores: the image's manifest as stored, and blobs read from an offset. */
final class Source implements ImageSource {
  private final ImageResolver resolver;
  private final ImageViews views;
  private final ContentStore content;

  Source(ImageResolver resolver, ImageViews views, ContentStore content) {
    this.resolver = resolver;
    this.views = views;
    this.content = content;
  }

  @Override
  public Sendable describe(String nameOrId) {
    StoredImage image = resolver.resolve(nameOrId);
    Manifest manifest = views.manifest(image);
    List<Descriptor> blobs = new ArrayList<>();
    blobs.add(manifest.config());
    blobs.addAll(manifest.layers());
    return new Sendable(image.id(), image.manifest(), blobs);
  }

  @Override
  public InputStream open(Digest digest, long offset) {
    long size = content.info(digest).orElseThrow(() -> new NotFoundException("No such blob: " + digest)).size();
    if (offset < 0 || offset > size) {
      throw new InvalidArgumentException("reading blob " + digest + ": offset " + offset + " is past its " + size + " bytes");
    }
    InputStream in = content.open(digest);
    try {
      in.skipNBytes(offset);
      return in;
    } catch (IOException e) {
      try {
        in.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new SystemException("reading blob " + digest + ": " + e.getMessage(), e);
    }
  }
}
