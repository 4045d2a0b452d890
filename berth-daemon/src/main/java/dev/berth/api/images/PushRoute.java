package dev.berth.api.images;

import dev.berth.api.Exchange;
import dev.berth.api.Request;
import dev.berth.engine.Image;
import dev.berth.engine.ImageService;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageReference;
import dev.berth.registry.ProgressEvent;
import dev.berth.registry.auth.Credential;
import dev.berth.registry.push.PushResult;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code POST /images/{name}/push?tag=TAG}: {@code docker push}. As dockerd, the answer starts at once with
 * "The push refers to repository [127.0.0.1:5000/app]", so every later error arrives inline; then one line per
 * layer step (Preparing, Pushing with its bar, Pushed, Layer already exists, Mounted from with the source repository), then
 * {@code v1: digest: sha256:… size: 527} and the {@code aux} message the docker CLI reads the digest from.
 *
 * <p>With no tag, neither in {@code tag} nor in the name, every local tag of the repository is pushed, one after
 * another in the order of their names, each with its own layer lines, digest line and {@code aux}: this is what
 * {@code docker push --all-tags} asks for (the docker CLI sends an empty {@code tag}). A repository with no tag
 * fails as dockerd's does: "An image does not exist locally with the tag: NAME".
 */
final class PushRoute {
  private final ImageService images;

  PushRoute(ImageService images) {
    this.images = images;
  }

  void push(Exchange ex) throws IOException {
    Request req = ex.request();
    String name = req.pathParam("name");
    String tag = req.param("tag", "");
    ImageReference ref = reference(name, tag);
    boolean allTags = tag.isEmpty() && nameOnly(name);
    Credential credential = RegistryAuthHeader.decode(req.header(RegistryAuthHeader.NAME));
    JsonMessageStream messages = new JsonMessageStream(ex);
    messages.message(JsonMessage.status("The push refers to repository [" + ref.repository() + "]"));
    try {
      for (ImageReference each : allTags ? localTags(images, ref) : List.of(ref)) {
        PushResult result = images.push(each.toString(), credential, new Layers(messages::message));
        messages.message(JsonMessage.status(result.summary()));
        messages.message(aux(result));
      }
      messages.close();
    } catch (RuntimeException e) {
      messages.fail(e);
    }
  }

  /** The message the docker CLI reads the pushed digest from. */
  private static Map<String, Object> aux(PushResult result) {
    Map<String, Object> aux = new LinkedHashMap<>();
    aux.put("Tag", result.tag());
    aux.put("Digest", result.digest().toString());
    aux.put("Size", result.size());
    Map<String, Object> last = new LinkedHashMap<>();
    last.put("progressDetail", Map.of());
    last.put("aux", aux);
    return last;
  }

  /** True when {@code name} has neither a tag nor a digest: {@code 127.0.0.1:5000/app}, not {@code app:v1}. */
  static boolean nameOnly(String name) {
    String last = name.substring(name.lastIndexOf('/') + 1);
    return last.indexOf(':') < 0 && last.indexOf('@') < 0;
  }

  /**
   * Every local tag of {@code repository}'s repository, sorted by tag; NotFoundException in dockerd's words when
   * there is none. Read once, before the first push: a tag added meanwhile waits for the next push.
   */
  static List<ImageReference> localTags(ImageService images, ImageReference repository) {
    TreeMap<String, ImageReference> tags = new TreeMap<>();
    for (Image image : images.list(true)) {
      for (ImageReference t : image.tags()) {
        if (t.tag() != null && t.repository().equals(repository.repository())) tags.put(t.tag(), t);
      }
    }
    if (tags.isEmpty()) {
      throw new NotFoundException("An image does not exist locally with the tag: " + repository.familiarRepository());
    }
    return List.copyOf(tags.values());
  }

  static ImageReference reference(String name, String tag) {
    String text = tag == null || tag.isEmpty() ? name : name + ":" + tag;
    try {
      ImageReference ref = ImageReference.parse(text);
      if (ref.digest() != null) throw new InvalidArgumentException("push " + text + ": push a tag, not a digest");
      return ref;
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("push " + text + ": " + e.getMessage(), e);
    }
  }

  /** Layer lines in dockerd's form; events for blobs that were not announced as layers (the config) are left out. */
  static final class Layers implements Consumer<ProgressEvent> {
    private final Consumer<JsonMessage> out;
    private final Set<Digest> layers = new HashSet<>();

    Layers(Consumer<JsonMessage> out) {
      this.out = out;
    }

    @Override
    public void accept(ProgressEvent e) {
      String id = e.layerDigest().shortId();
      if (e.state() == ProgressEvent.State.PREPARING) layers.add(e.layerDigest());
      if (!layers.contains(e.layerDigest())) return;
      out.accept(e.state() == ProgressEvent.State.PUSHING
          ? JsonMessage.progress(id, e.state().status(), e.current(), e.total())
          : JsonMessage.step(id, e.status()));
    }
  }
}
