package dev.berth.api;

import dev.berth.engine.Image;
import dev.berth.engine.ImageService;
import dev.berth.engine.events.EventBus;
import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageReference;
import dev.berth.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * An in-memory ImageService for API tests: an "import" makes an image whose ID is the digest of the body; a
 * "save" writes the names; a "load" reads {@code name\n} lines. Events go to the bus as the real one's do.
 */
public final class FakeImageService implements ImageService {
  /** The receiving end of {@code berth push ssh://}, in memory. */
  public final FakeReceiver receiver = new FakeReceiver();

  @Override
  public dev.berth.engine.ImageReceiver receiver() {
    return receiver;
  }

  @Override
  public dev.berth.engine.ImageSource source() {
    return receiver;
  }

  private final EventBus events;
  private final Map<Digest, Image> images = new TreeMap<>();
  private final Map<String, Digest> tags = new TreeMap<>();

  /** What a test's pull does: the fake has no registry, so each test scripts the events and the result. */
  public interface Pull {
    Image pull(String reference, dev.berth.oci.Platform platform, dev.berth.registry.auth.Credential credential,
        Consumer<dev.berth.registry.ProgressEvent> progress);
  }

  /** Scripted pulls; null refuses, as the interface's default does. */
  public volatile Pull pulls;

  /** What a test's push does. */
  public interface Push {
    dev.berth.registry.push.PushResult push(String reference, dev.berth.registry.auth.Credential credential,
        Consumer<dev.berth.registry.ProgressEvent> progress);
  }

  /** Scripted pushes; null refuses. */
  public volatile Push pushes;

  /** Scripted logins (registry, credential); null refuses. */
  public volatile java.util.function.BiConsumer<String, dev.berth.registry.auth.Credential> logins;

  public FakeImageService(EventBus events) {
    this.events = events;
  }

  public synchronized Image add(String reference, String created, Map<String, String> labels, byte[] content) {
    ImageConfig.ContainerConfig cc = new ImageConfig.ContainerConfig(null, null, List.of("PATH=/bin"), null, List.of("/bin/sh"), null, null, labels, null, null, null, null, null);
    Digest layer = Digest.sha256(content);
    ImageConfig config = new ImageConfig(created, null, "amd64", "linux", null, cc, ImageConfig.RootFs.layers(List.of(layer)), List.of(), null, "fake");
    Digest id = Digest.sha256((reference + created + new String(content, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    images.put(id, new Image(id, Descriptor.of(MediaTypes.OCI_MANIFEST, id, 1), config, List.of(), List.of(), content.length, Instant.now()));
    if (reference != null) tagInternal(reference, id);
    return image(id);
  }

  private Image image(Digest id) {
    Image base = images.get(id);
    List<ImageReference> refs = tags.entrySet().stream().filter(e -> e.getValue().equals(id)).map(e -> ImageReference.parse(e.getKey())).toList();
    return new Image(base.id(), base.manifest(), base.config(), refs, base.repoDigests(), base.size(), base.stored());
  }

  private void tagInternal(String reference, Digest id) {
    tags.put(ImageReference.parse(reference).toString(), id);
  }

  private Digest find(String nameOrId) {
    for (Digest id : images.keySet()) {
      if (id.toString().equals(nameOrId) || (nameOrId.length() >= 4 && id.encoded().startsWith(nameOrId.replace("sha256:", "")))) return id;
    }
    try {
      Digest d = tags.get(ImageReference.parse(nameOrId).toString());
      if (d != null) return d;
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(e.getMessage());
    }
    throw new NotFoundException("No such image: " + nameOrId);
  }

  @Override
  public Image pull(String reference, dev.berth.oci.Platform platform, dev.berth.registry.auth.Credential credential,
      Consumer<dev.berth.registry.ProgressEvent> progress) {
    if (pulls == null) return ImageService.super.pull(reference, platform, credential, progress);
    return pulls.pull(reference, platform, credential, progress);
  }

  @Override
  public dev.berth.registry.push.PushResult push(String reference, dev.berth.registry.auth.Credential credential,
      Consumer<dev.berth.registry.ProgressEvent> progress) {
    if (pushes == null) return ImageService.super.push(reference, credential, progress);
    return pushes.push(reference, credential, progress);
  }

  @Override
  public void login(String registry, dev.berth.registry.auth.Credential credential) {
    if (logins == null) ImageService.super.login(registry, credential);
    else logins.accept(registry, credential);
  }

  @Override
  public synchronized List<Image> list(boolean all) {
    return images.keySet().stream().map(this::image).toList();
  }

  @Override
  public synchronized Image inspect(String nameOrId) {
    return image(find(nameOrId));
  }

  @Override
  public synchronized void tag(String source, String target) {
    Digest id = find(source);
    tagInternal(target, id);
    events.publish("image", "tag", id.toString(), Map.of("name", ImageReference.parse(target).familiar()));
  }

  @Override
  public synchronized List<DeleteItem> remove(String nameOrId, boolean force, boolean noPrune) {
    Digest id = find(nameOrId);
    List<DeleteItem> out = new ArrayList<>();
    String ref = tags.containsKey(safeRef(nameOrId)) ? safeRef(nameOrId) : null;
    if (ref != null) {
      tags.remove(ref);
      out.add(new DeleteItem(ImageReference.parse(ref).familiar(), null));
      events.publish("image", "untag", id.toString(), Map.of("name", ImageReference.parse(ref).familiar()));
      if (tags.containsValue(id)) return out;
    } else if (tags.values().stream().filter(id::equals).count() > 1 && !force) {
      throw new ConflictException("conflict: unable to delete " + id.shortId() + " (must be forced) - image is referenced in multiple repositories");
    }
    tags.values().removeIf(id::equals);
    images.remove(id);
    out.add(new DeleteItem(null, id.toString()));
    events.publish("image", "delete", id.toString(), Map.of("name", id.toString()));
    return out;
  }

  private static String safeRef(String s) {
    try {
      return ImageReference.parse(s).toString();
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  @Override
  public synchronized List<HistoryItem> history(String nameOrId) {
    Image i = image(find(nameOrId));
    return List.of(new HistoryItem(i.id().toString(), 1_700_000_000L, "", i.tags().stream().map(ImageReference::familiar).toList(), i.size(), "Imported from -"));
  }

  @Override
  public Image importImage(InputStream rootfsTar, String reference, List<String> changes, String message) {
    byte[] body;
    try {
      body = rootfsTar.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (body.length == 0) throw new InvalidArgumentException("import: empty tar");
    Image image = add(reference, Instant.now().toString(), Map.of(), body);
    events.publish("image", "import", image.id().toString(), Map.of("name", reference == null ? image.id().toString() : reference));
    return image;
  }

  @Override
  public void save(List<String> names, OutputStream out) {
    try {
      for (String n : names) out.write((inspect(n).id() + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<String> load(InputStream archive, Consumer<String> progress) {
    String text;
    try {
      text = new String(archive.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!text.startsWith("names:")) throw new InvalidArgumentException("load: not an archive");
    List<String> loaded = new ArrayList<>();
    for (String name : text.substring(6).strip().split("\n")) {
      progress.accept("Loading " + name);
      Image i = add(name, "2024-01-01T00:00:00Z", Map.of(), name.getBytes(StandardCharsets.UTF_8));
      events.publish("image", "load", i.id().toString(), Map.of("name", name));
      loaded.add("Loaded image: " + name);
    }
    return loaded;
  }

  @Override
  public synchronized PruneReport prune(boolean all, Map<String, List<String>> filters) {
    List<DeleteItem> deleted = new ArrayList<>();
    for (Digest id : List.copyOf(images.keySet())) {
      if (!tags.containsValue(id) || all) {
        tags.values().removeIf(id::equals);
        images.remove(id);
        deleted.add(new DeleteItem(null, id.toString()));
      }
    }
    return new PruneReport(deleted, deleted.size() * 10L);
  }

  @Override
  public PruneReport collectGarbage() {
    return new PruneReport(List.of(), 0);
  }

  @Override
  public synchronized DiskUsage diskUsage() {
    return new DiskUsage(list(true), images.values().stream().mapToLong(Image::size).sum(), 0);
  }
}
