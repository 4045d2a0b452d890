package dev.berth.engine.image;

import dev.berth.engine.ImageService.HistoryItem;
import dev.berth.image.store.StoredImage;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageReference;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Builds {@code docker history} from the config's history: one row per entry, newest first. Each entry that
 * is not an {@code empty_layer} takes the next layer's size, bottom up. Only the newest row carries the
 * image's ID and tags; the others show "<missing>" (a null ID), as Docker shows for images it did not build.
 * A config without history gets one row per layer.
 */
final class HistoryBuilder {
  private HistoryBuilder() {}

  static List<HistoryItem> build(StoredImage image, ImageConfig config, List<ImageReference> tags) {
    List<ImageConfig.History> history = config.history().isEmpty() ? perLayer(config) : config.history();
    List<HistoryItem> rows = new ArrayList<>();
    int layer = 0;
    for (ImageConfig.History h : history) {
      long size = 0;
      if (!h.isEmptyLayer()) {
        size = layer < image.layerSizes().size() ? image.layerSizes().get(layer) : 0;
        layer++;
      }
      rows.add(new HistoryItem(null, epochSeconds(h.created()), nullToEmpty(h.createdBy()), List.of(), size, nullToEmpty(h.comment())));
    }
    Collections.reverse(rows);
    if (!rows.isEmpty()) {
      HistoryItem top = rows.getFirst();
      List<String> names = tags.stream().map(ImageReference::familiar).toList();
      rows.set(0, new HistoryItem(image.id().toString(), top.created(), top.createdBy(), names, top.size(), top.comment()));
    }
    return List.copyOf(rows);
  }

  private static List<ImageConfig.History> perLayer(ImageConfig config) {
    return config.diffIds().stream().map(d -> new ImageConfig.History(config.created(), "", null, null, null)).toList();
  }

  static long epochSeconds(String rfc3339) {
    Instant t = instant(rfc3339);
    return t == null ? 0 : t.getEpochSecond();
  }

  /** Parses an RFC 3339 time with any offset; null when absent or malformed. */
  static Instant instant(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty()) return null;
    try {
      return java.time.OffsetDateTime.parse(rfc3339).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
