package dev.berth.engine.image;

import dev.berth.engine.events.EventBus;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.image.content.ContentStore;
import dev.berth.image.store.StoredImage;
import dev.berth.oci.ImageReference;
import dev.berth.registry.ProgressEvent;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.RegistryTransport;
import dev.berth.registry.auth.Credential;
import dev.berth.registry.push.ImagePusher;
import dev.berth.registry.push.PushResult;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code docker push}: the tagged image's manifest and blobs go to the registry the reference names. When the
 * image came from another repository of the same registry (a RepoDigest says so), its blobs are mounted from
 * there instead of uploaded. The caller holds the service's shared lock, so no blob is swept meanwhile.
 */
final class Pusher {
  private final ContentStore content;
  private final ImageResolver resolver;
  private final EventBus events;

  Pusher(ContentStore content, ImageResolver resolver, EventBus events) {
    this.content = content;
    this.resolver = resolver;
    this.events = events;
  }

  PushResult push(RegistryTransport transport, ImageReference ref, Credential credential, Consumer<ProgressEvent> progress) {
    if (ref.digest() != null) throw new InvalidArgumentException("pushing " + ref.familiar() + ": cannot push a digest reference");
    StoredImage image;
    try {
      image = resolver.resolve(ref.toString());
    } catch (NotFoundException e) {
      // dockerd's words, which the docker CLI prints as they come
      throw new NotFoundException("An image does not exist locally with the tag: " + ref.familiarRepository(), e);
    }
    String mountFrom = mountSource(image, ref);
    RegistryClient client = RegistryClient.forPush(transport, ref.domain(), ref.path(), credential,
        mountFrom == null ? List.of() : List.of(mountFrom));
    PushResult result = new ImagePusher(client, content, ImagePusher.DEFAULT_CONCURRENCY, ImagePusher.DEFAULT_CHUNK)
        .push(image.manifest(), ref.tag(), mountFrom, progress);
    events.publish("image", "push", ref.familiar(), Map.of("name", ref.familiar()));
    return result;
  }

  /** Another repository of the same registry the image was pulled from, whose blobs may be mounted. */
  private static String mountSource(StoredImage image, ImageReference ref) {
    for (String repoDigest : image.repoDigests()) {
      ImageReference known = ImageResolver.tryParse(repoDigest);
      if (known != null && known.domain().equals(ref.domain()) && !known.path().equals(ref.path())) return known.path();
    }
    return null;
  }
}
