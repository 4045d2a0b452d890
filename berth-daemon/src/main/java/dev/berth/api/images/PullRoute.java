package dev.berth.api.images;

import dev.berth.api.Exchange;
import dev.berth.api.Request;
import dev.berth.engine.Image;
import dev.berth.engine.ImageService;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageReference;
import dev.berth.oci.Platform;
import dev.berth.registry.auth.Credential;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /images/create?fromImage=NAME&tag=TAG[&platform=os/arch[/variant]]}: {@code docker pull}. The
 * answer streams Docker's JSON messages ({@link PullProgress}). As with dockerd, nothing is sent until the
 * manifest is resolved and the first layer line is due, so a malformed reference (400), an unknown tag (404) or
 * refused credentials (500, as dockerd: a 401 would make the docker CLI prompt for a login) still get a real status; after that an error arrives inline as
 * {@code {"errorDetail":{"message":…},"error":…}}. Credentials come from {@code X-Registry-Auth}; without it the
 * engine looks in config.json.
 */
final class PullRoute {
  private final ImageService images;

  PullRoute(ImageService images) {
    this.images = images;
  }

  void pull(Exchange ex) throws IOException {
    Request req = ex.request();
    ImageReference ref = reference(req.param("fromImage"), req.param("tag", ""));
    Platform platform = platform(req.param("platform", ""));
    Credential credential = RegistryAuthHeader.decode(req.header(RegistryAuthHeader.NAME));
    Digest before = currentId(ref);
    LazyStream messages = new LazyStream(ex);
    PullProgress progress = new PullProgress(ref.tag() != null ? ref.tag() : ref.digest().toString(), ref.path(), messages::message);
    try {
      Image image = images.pull(ref.toString(), platform, credential, progress);
      boolean upToDate = image.id().equals(before) && progress.nothingFetched();
      progress.finish(repoDigest(image, ref), ref.familiar(), upToDate);
      messages.get().close();
    } catch (RuntimeException e) {
      if (!messages.started()) throw e;
      messages.get().fail(e);
    }
  }

  /** The answer's stream, opened at the first message, so that nothing is sent before there is something to say. */
  private static final class LazyStream {
    private final Exchange exchange;
    private JsonMessageStream stream;

    LazyStream(Exchange exchange) {
      this.exchange = exchange;
    }

    JsonMessageStream get() {
      if (stream == null) stream = new JsonMessageStream(exchange);
      return stream;
    }

    void message(JsonMessage message) {
      get().message(message);
    }

    boolean started() {
      return stream != null && stream.started();
    }
  }

  /**
   * The reference from {@code fromImage} and {@code tag}, as dockerd joins them: the tag parameter, when given,
   * is a tag or (from {@code docker pull name@sha256:…}) a digest and replaces any in {@code fromImage}; with
   * neither, {@code latest}.
   */
  static ImageReference reference(String fromImage, String tag) {
    String name = fromImage;
    if (tag != null && !tag.isEmpty()) {
      ImageReference bare = parse(fromImage, fromImage);
      String repo = bare.domain().equals(ImageReference.DEFAULT_DOMAIN) ? bare.path() : bare.repository();
      name = repo + (Digest.isDigest(tag) ? "@" : ":") + tag;
    }
    return parse(name, fromImage + (tag == null || tag.isEmpty() ? "" : ":" + tag));
  }

  private static ImageReference parse(String text, String shown) {
    try {
      return ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("pull " + shown + ": " + e.getMessage(), e);
    }
  }

  /** {@code linux/arm64/v8}, {@code linux/amd64}, or {@code linux} (this host's architecture); empty: null. */
  static Platform platform(String text) {
    if (text == null || text.isBlank()) return null;
    String[] parts = text.strip().toLowerCase(Locale.ROOT).split("/", -1);
    if (parts.length > 3 || java.util.Arrays.stream(parts).anyMatch(String::isEmpty)) {
      throw new InvalidArgumentException("pull: invalid platform \"" + text + "\": use os[/arch[/variant]], e.g. linux/arm64");
    }
    String arch = parts.length > 1 ? ARCH_ALIASES.getOrDefault(parts[1], parts[1]) : "amd64";
    return new Platform(arch, parts[0], null, null, parts.length > 2 ? parts[2] : null);
  }

  private static final Map<String, String> ARCH_ALIASES = Map.of("x86_64", "amd64", "x86-64", "amd64", "aarch64", "arm64");

  private Digest currentId(ImageReference ref) {
    try {
      return images.inspect(ref.familiar()).id();
    } catch (NotFoundException e) {
      return null;
    }
  }

  /** The digest the registry knows the image by, as recorded among its RepoDigests. */
  private static String repoDigest(Image image, ImageReference ref) {
    String prefix = ref.familiarRepository() + "@";
    return image.repoDigests().stream().filter(r -> r.startsWith(prefix)).map(r -> r.substring(prefix.length())).findFirst()
        .orElse(ref.digest() != null ? ref.digest().toString() : image.manifest().digest().toString());
  }
}
