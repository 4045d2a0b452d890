package dev.berth.api.images;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.engine.ImageService;
import java.util.List;

/** One entry of {@code GET /images/{name}/history} (spec: ImageHistoryResponseItem). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record HistoryEntry(String Id, long Created, String CreatedBy, List<String> Tags, long Size, String Comment) {
  public static HistoryEntry of(ImageService.HistoryItem item) {
    return new HistoryEntry(
        item.id() == null ? "<missing>" : item.id(),
        item.created(),
        item.createdBy() == null ? "" : item.createdBy(),
        item.tags() == null ? List.of() : item.tags(),
        item.size(),
        item.comment() == null ? "" : item.comment());
  }
}
