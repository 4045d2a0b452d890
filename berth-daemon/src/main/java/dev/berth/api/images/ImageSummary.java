package dev.berth.api.images;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.engine.Image;
import dev.berth.oci.ImageReference;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code GET /images/json} (spec: ImageSummary). {@code Created} is in unix seconds;
 * {@code SharedSize} and {@code Containers} are -1, Docker's "not computed".
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ImageSummary(
    String Id,
    String ParentId,
    List<String> RepoTags,
    List<String> RepoDigests,
    long Created,
    long Size,
    long SharedSize,
    Map<String, String> Labels,
    int Containers) {

  public static ImageSummary of(Image image) {
    return of(image, image.tags());
  }

  /** The summary listing only {@code tags} (a reference filter narrows RepoTags to the tags that matched). */
  public static ImageSummary of(Image image, List<ImageReference> tags) {
    Map<String, String> labels = image.config() != null && image.config().config() != null && image.config().config().labels() != null
        ? image.config().config().labels()
        : Map.of();
    return new ImageSummary(
        image.id().toString(),
        "",
        tags.stream().map(ImageReference::familiar).toList(),
        image.repoDigests(),
        ImageTimes.created(image).getEpochSecond(),
        image.size(),
        -1,
        labels,
        -1);
  }
}
