package dev.berth.api.images;

import dev.berth.api.Filters;
import dev.berth.engine.Image;
import dev.berth.engine.ImageService;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.ImageReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The filters of {@code GET /images/json}: {@code dangling}, {@code reference} (a glob over the familiar
 * name, with or without tag), {@code label}, {@code before} and {@code since} (an image, compared by creation
 * time). A reference filter also narrows each image's RepoTags to the tags that matched, as dockerd does.
 */
final class ImageListFilter {
  static final Set<String> KNOWN = Set.of("dangling", "reference", "label", "before", "since", "until");

  private final Filters filters;
  private final Boolean dangling;
  private final List<Pattern> references;
  private final Instant before;
  private final Instant since;

  ImageListFilter(Filters filters, ImageService images) {
    this.filters = filters.allowOnly(KNOWN);
    this.dangling = filters.bool("dangling");
    this.references = filters.get("reference").stream().map(ImageListFilter::glob).toList();
    this.before = bound(filters, "before", images);
    this.since = bound(filters, "since", images);
  }

  private static Instant bound(Filters filters, String key, ImageService images) {
    List<String> v = filters.get(key);
    return v.isEmpty() ? null : ImageTimes.created(images.inspect(v.getLast()));
  }

  /** The summary of the image if it passes every filter. */
  Optional<ImageSummary> apply(Image image) {
    if (dangling != null && dangling != image.dangling()) return Optional.empty();
    Instant created = ImageTimes.created(image);
    if (before != null && !created.isBefore(before)) return Optional.empty();
    if (since != null && !created.isAfter(since)) return Optional.empty();
    {
      var cfg = image.config() == null ? null : image.config().config();
      if (!filters.labelsMatch(cfg == null ? null : cfg.labels())) return Optional.empty();
    }
    if (references.isEmpty()) return Optional.of(ImageSummary.of(image));
    List<ImageReference> matched = new ArrayList<>();
    for (ImageReference tag : image.tags()) {
      if (matches(tag)) matched.add(tag);
    }
    return matched.isEmpty() ? Optional.empty() : Optional.of(ImageSummary.of(image, matched));
  }

  private boolean matches(ImageReference ref) {
    for (Pattern p : references) {
      if (p.matcher(ref.familiarRepository()).matches() || p.matcher(ref.familiar()).matches()) return true;
    }
    return false;
  }

  /** Go's path.Match syntax, the subset clients use: {@code *} (not across "/"), {@code ?}, literal text. */
  static Pattern glob(String pattern) {
    if (pattern.isEmpty()) throw new InvalidArgumentException("invalid filter 'reference': empty pattern");
    StringBuilder re = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      switch (c) {
        case '*' -> re.append("[^/]*");
        case '?' -> re.append("[^/]");
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
