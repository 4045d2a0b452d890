package dev.berth.engine.stack;

import dev.berth.engine.ImageService;
import dev.berth.engine.StackService.Version;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.stack.Service;
import dev.berth.stack.StackFile;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Versions and rollback: which version a rollback re-applies, moving its tags back to the image IDs it recorded,
 * and recording a new version after an apply. Called by {@link LocalStackService} under its apply lock.
 */
final class Rollback {
  private Rollback() {}

  /** The version before the newest; InvalidArgumentException when there is none. */
  static Version target(String project, List<Version> versions) {
    if (versions.size() < 2) {
      throw new InvalidArgumentException("rollback stack " + project + ": " + (versions.isEmpty()
          ? "no version of it is recorded on this host" : "only one version of it is recorded on this host (version 1)"));
    }
    return versions.get(versions.size() - 2);
  }

  /**
   * Points each service's image reference at the ID the version recorded. Every ID is checked before any tag
   * moves, so a pruned image changes nothing.
   */
  static void restoreTags(String project, Version target, ImageService images) {
    StackNames names = new StackNames(project, target.stack());
    for (Map.Entry<String, String> e : target.images().entrySet()) {
      try {
        images.inspect(e.getValue());
      } catch (NotFoundException missing) {
        throw new NotFoundException("rollback stack " + project + " to version " + target.number() + ": image "
            + e.getValue() + " of service " + e.getKey() + " is no longer on this host (pruned?); push it again, then retry", missing);
      }
    }
    for (Service s : target.stack().services()) {
      String id = target.images().get(s.name());
      if (id == null) continue;
      String reference = names.image(s);
      if (!currentId(images, reference).equals(id)) images.tag(id, reference);
    }
  }

  private static String currentId(ImageService images, String reference) {
    try {
      return images.inspect(reference).id().toString();
    } catch (NotFoundException e) {
      return "";
    }
  }

  /** Adds a version unless the newest already has this stack and these images (an unchanged re-apply). */
  static void record(StackVersions versions, String project, StackFile stack, Map<String, String> imageIds, Integer rollbackOf) {
    List<Version> existing = versions.list(project);
    String digest = StackVersions.digest(stack);
    Version newest = existing.isEmpty() ? null : existing.getLast();
    if (newest != null && newest.digest().equals(digest) && newest.images().equals(imageIds)) return;
    int number = newest == null ? 1 : newest.number() + 1;
    versions.add(project, new Version(number, digest, Instant.now().toString(), imageIds, stack, rollbackOf));
  }
}
