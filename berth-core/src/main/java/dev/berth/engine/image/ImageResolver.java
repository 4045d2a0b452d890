package dev.berth.engine.image;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.StoredImage;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageReference;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Resolves what a user typed to an image ID, in Docker's order: a full ID ({@code sha256:<64 hex>}); a
 * reference that is tagged ({@code busybox} is {@code docker.io/library/busybox:latest}); a digested
 * reference ({@code busybox@sha256:…}) matched against the images' repo digests, or against the manifest
 * digest of an image tagged in that repository; and
 * last an ID prefix ({@code sha256:} optional), which must be unambiguous.
 */
public final class ImageResolver {
  private static final Pattern HEX_PREFIX = Pattern.compile("[a-f0-9]{1,64}");

  private final ImageStore store;

  public ImageResolver(ImageStore store) {
    this.store = store;
  }

  public StoredImage resolve(String nameOrId) {
    if (nameOrId == null || nameOrId.isBlank()) throw new InvalidArgumentException("No such image: empty name");
    String text = nameOrId.strip();
    if (Digest.isDigest(text)) {
      Digest id = Digest.parse(text);
      return store.image(id).orElseThrow(() -> new NotFoundException("No such image: " + text));
    }
    ImageReference ref = tryParse(text);
    if (ref != null) {
      Optional<StoredImage> byRef = byReference(ref);
      if (byRef.isPresent()) return byRef.get();
    }
    String hex = text.startsWith("sha256:") ? text.substring(7) : text;
    if (HEX_PREFIX.matcher(hex).matches()) {
      Optional<StoredImage> byPrefix = byIdPrefix(hex);
      if (byPrefix.isPresent()) return byPrefix.get();
    }
    if (ref == null) {
      throw new InvalidArgumentException("invalid reference format: \"" + text + "\" is neither an image name nor an ID");
    }
    throw new NotFoundException("No such image: " + ref.familiar());
  }

  /** The reference as a tag in the store, or null: for telling {@code rmi name} from {@code rmi id}. */
  public ImageReference taggedReference(String text) {
    ImageReference ref = tryParse(text.strip());
    return ref != null && store.tags().containsKey(ref) ? ref : null;
  }

  static ImageReference tryParse(String text) {
    try {
      return ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Optional<StoredImage> byReference(ImageReference ref) {
    Digest tagged = store.tags().get(ref);
    if (tagged != null) return store.image(tagged);
    if (ref.digest() == null) return Optional.empty();
    String wanted = ref.repository() + "@" + ref.digest();
    return store.images().stream()
        .filter(i -> i.repoDigests().stream().anyMatch(r -> sameRepoDigest(r, wanted))
            || (i.manifest().digest().equals(ref.digest()) && taggedIn(i.id(), ref.repository())))
        .findFirst();
  }

  /** Whether a tag of the repository points at the image: then repo@manifest-digest names it too. */
  private boolean taggedIn(Digest id, String repository) {
    return store.tags().entrySet().stream().anyMatch(e -> e.getValue().equals(id) && e.getKey().repository().equals(repository));
  }

  private static boolean sameRepoDigest(String repoDigest, String wanted) {
    ImageReference r = tryParse(repoDigest);
    return r != null && wanted.equals(r.repository() + "@" + r.digest());
  }

  private Optional<StoredImage> byIdPrefix(String hex) {
    List<StoredImage> matches = store.images().stream().filter(i -> i.id().encoded().startsWith(hex)).toList();
    if (matches.size() > 1) {
      throw new ConflictException("multiple IDs found with provided prefix: " + hex);
    }
    return matches.stream().findFirst();
  }
}
