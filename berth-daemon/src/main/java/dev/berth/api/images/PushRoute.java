package dev.berth.api.images;

import dev.berth.api.Exchange;
import dev.berth.api.Request;
import dev.berth.engine.ImageService;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageReference;
import dev.berth.registry.ProgressEvent;
import dev.berth.registry.auth.Credential;
import dev.berth.registry.push.PushResult;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code POST /images/{name}/push?tag=TAG}: {@code docker push}. As dockerd, the answer starts at once with
 * "The push refers to repository [127.0.0.1:5000/app]", so every later error arrives inline; then one line per
 * layer step (Preparing, Pushing with its bar, Pushed, Layer already exists, Mounted from with the source repository), then
 * {@code v1: digest: sha256:… size: 527} and the {@code aux} message the docker CLI reads the digest from.
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
    Credential credential = RegistryAuthHeader.decode(req.header(RegistryAuthHeader.NAME));
    JsonMessageStream messages = new JsonMessageStream(ex);
    messages.message(JsonMessage.status("The push refers to repository [" + ref.repository() + "]"));
    try {
      PushResult result = images.push(ref.toString(), credential, new Layers(messages::message));
      messages.message(JsonMessage.status(result.summary()));
      Map<String, Object> aux = new LinkedHashMap<>();
      aux.put("Tag", result.tag());
      aux.put("Digest", result.digest().toString());
      aux.put("Size", result.size());
      Map<String, Object> last = new LinkedHashMap<>();
      last.put("progressDetail", Map.of());
      last.put("aux", aux);
      messages.message(last);
      messages.close();
    } catch (RuntimeException e) {
      messages.fail(e);
    }
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
