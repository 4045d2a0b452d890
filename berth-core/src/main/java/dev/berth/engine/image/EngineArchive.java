package dev.berth.engine.image;

import dev.berth.image.archive.ImageLoader;
import dev.berth.image.archive.ImageSaver;
import dev.berth.image.archive.LoadedImage;
import dev.berth.image.archive.SaveItem;
import dev.berth.image.content.ContentStore;
import dev.berth.image.layer.ApplyResult;
import dev.berth.image.layer.LayerApplier;
import dev.berth.storage.Mount;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/** The production seams: the archive package's saver and loader, and the layer package's applier. */
public final class EngineArchive implements ImageArchive {
  /** Applies layers with {@link LayerApplier#applyToMounts}, a blob file through its file entry. */
  public static final LayerUnpacker LAYER_APPLIER = new LayerUnpacker() {
    @Override
    public Applied apply(InputStream layer, List<Mount> mounts) {
      return applied(LayerApplier.applyToMounts(layer, mounts));
    }

    @Override
    public Applied apply(Path blob, List<Mount> mounts) {
      return applied(LayerApplier.applyToMounts(blob, mounts));
    }

    private static Applied applied(ApplyResult r) {
      return new Applied(r.diffId(), r.size());
    }
  };

  @Override
  public void save(ContentStore content, List<ArchivedImage> images, OutputStream out) {
    ImageSaver.save(content, images.stream().map(i -> new SaveItem(i.manifest(), i.tags())).toList(), out);
  }

  @Override
  public List<ArchivedImage> load(InputStream archive, ContentStore content, Path scratch) {
    List<LoadedImage> loaded = ImageLoader.load(archive, content, scratch);
    return loaded.stream().map(l -> new ArchivedImage(l.manifest(), l.tags())).toList();
  }
}
