package dev.berth.engine.image;

import dev.berth.engine.events.EventBus;
import dev.berth.engine.image.ImageArchive.ArchivedImage;
import dev.berth.errors.SystemException;
import dev.berth.image.content.ContentStore;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.StoredImage;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageReference;
import dev.berth.oci.Json;
import dev.berth.oci.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code docker load}: the archive codec writes the blobs, then each image is unpacked into snapshots and
 * only then registered and tagged. Answers Docker's lines: "Loaded image: busybox:latest" per tag, or
 * "Loaded image ID: sha256:…" for an untagged image. The caller holds the service's shared lock.
 */
final class Loader {
  private final ImageStore store;
  private final ContentStore content;
  private final ImageArchive archive;
  private final SnapshotUnpacker unpacker;
  private final ImageViews views;
  private final EventBus events;
  private final Path scratchRoot;

  Loader(ImageStore store, ContentStore content, ImageArchive archive, SnapshotUnpacker unpacker, ImageViews views,
      EventBus events, Path scratchRoot) {
    this.store = store;
    this.content = content;
    this.archive = archive;
    this.unpacker = unpacker;
    this.views = views;
    this.events = events;
    this.scratchRoot = scratchRoot;
  }

  List<String> load(InputStream input, Consumer<String> progress) {
    Path scratch = createScratch();
    try {
      List<ArchivedImage> loaded = archive.load(input, content, scratch);
      List<String> lines = new ArrayList<>();
      for (ArchivedImage image : loaded) lines.addAll(register(image, progress));
      return lines;
    } finally {
      deleteTree(scratch);
    }
  }

  private List<String> register(ArchivedImage archived, Consumer<String> progress) {
    Manifest manifest = Json.read(content.read(archived.manifest().digest()), Manifest.class);
    Digest id = manifest.config().digest();
    ImageConfig config = views.config(id);
    progress.accept("Unpacking " + id.shortId() + " (" + manifest.layers().size() + " layers)");
    Instant stored = store.image(id).map(StoredImage::stored).orElse(Instant.now());
    unpacker.unpack(manifest, config, sizes -> store.put(new StoredImage(id, archived.manifest(), List.of(), stored, sizes)));
    List<String> lines = new ArrayList<>();
    for (ImageReference tag : archived.tags()) {
      store.tag(tag, id);
      lines.add("Loaded image: " + tag.familiar());
      events.publish("image", "load", id.toString(), Map.of("name", tag.familiar()));
    }
    if (archived.tags().isEmpty()) {
      lines.add("Loaded image ID: " + id);
      events.publish("image", "load", id.toString(), Map.of("name", id.toString()));
    }
    return lines;
  }

  private Path createScratch() {
    try {
      Files.createDirectories(scratchRoot);
      return Files.createTempDirectory(scratchRoot, "load-");
    } catch (IOException e) {
      throw new SystemException("loading images: cannot create a scratch directory in " + scratchRoot + ": " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) {
    try {
      dev.berth.sys.FileTrees.delete(dir);
    } catch (IOException ignored) {
      // a leftover scratch directory is harmless; the engine clears scratch at open
    }
  }
}
