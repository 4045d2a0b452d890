package dev.berth.engine.build;

import dev.berth.engine.ImageService;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import java.util.List;

/**
 * Commits of steps that change only the config: the parent's layers, the new config and one history entry
 * marked {@code empty_layer}, no container involved (the image service writes no layer for the empty tar).
 */
final class ImageCommits {
  private final ImageService images;

  ImageCommits(ImageService images) {
    this.images = images;
  }

  Digest configOnly(Digest parent, ImageConfig.ContainerConfig config, String createdBy, String author) {
    return images.commit(new ImageService.CommitRequest(parent, ImageService.LayerWriter.EMPTY, config, List.of(), null, author,
        null, createdBy)).id();
  }
}
