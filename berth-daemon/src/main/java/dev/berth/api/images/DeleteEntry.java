package dev.berth.api.images;

import dev.berth.engine.ImageService;

/** One line of the {@code DELETE /images/{name}} and prune answers (spec: ImageDeleteResponseItem). */
public record DeleteEntry(String Untagged, String Deleted) {
  public static DeleteEntry of(ImageService.DeleteItem item) {
    return new DeleteEntry(item.untagged(), item.deleted());
  }
}
