package dev.berth.image.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageReference;
import dev.berth.oci.Json;
import dev.berth.sys.AtomicWrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The image store as one JSON file, {@code images.json}. Every change builds a new immutable {@link State},
 * writes it to a temporary file, fsyncs, renames it over the old file and fsyncs the directory, all under
 * one lock; only then does the new state become visible. A crash thus leaves the old file or the new one,
 * never a mix. Readers use the current state without locking.
 */
public final class JsonImageStore implements ImageStore {
  private static final String FILE = "images.json";

  private final Path dir;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile State state;

  /** The whole store: images by ID and tags. Immutable. */
  record State(Map<Digest, StoredImage> images, Map<ImageReference, Digest> tags) {
    State {
      images = Map.copyOf(images);
      tags = Map.copyOf(tags);
    }
  }

  /** The file's shape: {@code {"images": [...], "tags": {"docker.io/library/busybox:latest": "sha256:…"}}}. */
  record FileForm(@JsonProperty("images") List<Entry> images, @JsonProperty("tags") Map<String, Digest> tags) {}

  /** One image in the file; the time is RFC 3339 text. */
  record Entry(Digest id, dev.berth.oci.Descriptor manifest, List<String> repoDigests, String stored, List<Long> layerSizes,
      Digest parent) {
    static Entry of(StoredImage i) {
      return new Entry(i.id(), i.manifest(), i.repoDigests(), i.stored().toString(), i.layerSizes(), i.parent());
    }

    StoredImage toImage() {
      return new StoredImage(id, manifest, repoDigests, java.time.Instant.parse(stored), layerSizes, parent);
    }
  }

  private JsonImageStore(Path dir, State state) {
    this.dir = dir;
    this.state = state;
  }

  /** Opens (creating if needed) the store in {@code dir}, usually {@code <dataRoot>/images}. */
  public static JsonImageStore open(Path dir) {
    try {
      Files.createDirectories(dir);
      deleteLeftovers(dir);
      Path file = dir.resolve(FILE);
      State state = Files.exists(file) ? decode(Files.readAllBytes(file), file) : new State(Map.of(), Map.of());
      return new JsonImageStore(dir, state);
    } catch (IOException e) {
      throw new SystemException("opening the image store at " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void deleteLeftovers(Path dir) throws IOException {
    AtomicWrite.removeLeftovers(dir.resolve(FILE));
  }

  private static State decode(byte[] bytes, Path file) {
    try {
      FileForm form = Json.read(bytes, FileForm.class);
      Map<Digest, StoredImage> images = new LinkedHashMap<>();
      if (form.images() != null) form.images().forEach(e -> images.put(e.id(), e.toImage()));
      Map<ImageReference, Digest> tags = new LinkedHashMap<>();
      if (form.tags() != null) form.tags().forEach((ref, id) -> tags.put(ImageReference.parse(ref), id));
      return new State(images, tags);
    } catch (IllegalArgumentException | NullPointerException | java.time.format.DateTimeParseException e) {
      throw new SystemException("reading the image store " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<StoredImage> images() {
    return List.copyOf(state.images().values());
  }

  @Override
  public Optional<StoredImage> image(Digest id) {
    return Optional.ofNullable(state.images().get(id));
  }

  @Override
  public void put(StoredImage image) {
    update(s -> {
      Map<Digest, StoredImage> images = new LinkedHashMap<>(s.images());
      images.put(image.id(), image);
      return new State(images, s.tags());
    });
  }

  @Override
  public void remove(Digest id) {
    update(s -> {
      if (!s.images().containsKey(id)) throw new NotFoundException("No such image: " + id);
      Map<Digest, StoredImage> images = new LinkedHashMap<>(s.images());
      images.remove(id);
      Map<ImageReference, Digest> tags = new LinkedHashMap<>(s.tags());
      tags.values().removeIf(id::equals);
      return new State(images, tags);
    });
  }

  @Override
  public Map<ImageReference, Digest> tags() {
    return state.tags();
  }

  @Override
  public Optional<Digest> tag(ImageReference reference, Digest id) {
    Digest[] before = new Digest[1];
    update(s -> {
      if (!s.images().containsKey(id)) throw new NotFoundException("No such image: " + id);
      before[0] = s.tags().get(reference);
      Map<ImageReference, Digest> tags = new LinkedHashMap<>(s.tags());
      tags.put(reference, id);
      return new State(s.images(), tags);
    });
    return Optional.ofNullable(before[0]);
  }

  @Override
  public boolean untag(ImageReference reference) {
    boolean[] removed = new boolean[1];
    update(s -> {
      removed[0] = s.tags().containsKey(reference);
      if (!removed[0]) return s;
      Map<ImageReference, Digest> tags = new LinkedHashMap<>(s.tags());
      tags.remove(reference);
      return new State(s.images(), tags);
    });
    return removed[0];
  }

  /** Applies a change under the lock; the new state is visible only after it is durably on disk. */
  private void update(UnaryOperator<State> change) {
    lock.lock();
    try {
      State next = change.apply(state);
      if (next == state) return;
      persist(next);
      state = next;
    } finally {
      lock.unlock();
    }
  }

  private void persist(State next) {
    Map<String, Digest> tags = new TreeMap<>();
    next.tags().forEach((ref, id) -> tags.put(ref.toString(), id));
    List<Entry> images = new ArrayList<>();
    next.images().values().stream().sorted((a, b) -> a.id().compareTo(b.id())).forEach(i -> images.add(Entry.of(i)));
    byte[] bytes = Json.write(new FileForm(images, tags));
    try {
      AtomicWrite.replace(dir.resolve(FILE), bytes, AtomicWrite.Durability.DURABLE);
    } catch (IOException e) {
      throw new SystemException("saving the image store " + dir.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }
}
