package dev.berth.engine.build;

import dev.berth.errors.SystemException;
import dev.berth.oci.Digest;
import dev.berth.oci.Json;
import dev.berth.sys.AtomicWrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The step cache: a step's key (see {@link #key}) to the image it made, kept in one JSON file,
 * {@code <builder>/cache/cache.json}, rewritten atomically (temporary file, then rename) on every change so it
 * survives a restart and a crash leaves the old or the new file. Loaded once; owned by one lock. An entry
 * whose image is gone is a miss (the caller checks).
 */
final class BuildCache {
  private static final String FILE = "cache.json";

  private final Path dir;
  private final Object lock = new Object();
  private Map<String, Digest> entries;

  BuildCache(Path dir) {
    this.dir = dir;
  }

  /**
   * A step's key: sha256 over the parent image's ID (which covers everything before the step, config
   * included), the step's history text (the instruction after substitution, with the build args a RUN sees)
   * and what else it depends on (copied files' checksums, ownership and mode flags).
   */
  static String key(Digest parent, String createdBy, String extra) {
    String text = (parent == null ? "scratch" : parent.toString()) + "\n" + createdBy + "\n" + extra;
    return Digest.sha256(text.getBytes(StandardCharsets.UTF_8)).encoded();
  }

  Optional<Digest> lookup(String key) {
    synchronized (lock) {
      return Optional.ofNullable(load().get(key));
    }
  }

  void record(String key, Digest image) {
    synchronized (lock) {
      Map<String, Digest> next = new TreeMap<>(load());
      next.put(key, image);
      write(next);
      entries = next;
    }
  }

  /** Forgets every entry and answers the images they named. */
  List<Digest> clear() {
    synchronized (lock) {
      List<Digest> images = new ArrayList<>(new LinkedHashMap<>(load()).values());
      write(Map.of());
      entries = Map.of();
      return images;
    }
  }

  private Map<String, Digest> load() {
    if (entries != null) return entries;
    Path file = dir.resolve(FILE);
    try {
      if (!Files.exists(file)) {
        entries = new TreeMap<>();
        return entries;
      }
      FileForm form = Json.read(Files.readAllBytes(file), FileForm.class);
      entries = form == null || form.entries() == null ? new TreeMap<>() : new TreeMap<>(form.entries());
      return entries;
    } catch (IOException | RuntimeException e) {
      // an unreadable cache costs a rebuild, never a failed build
      entries = new TreeMap<>();
      return entries;
    }
  }

  private void write(Map<String, Digest> map) {
    try {
      Files.createDirectories(dir);
      AtomicWrite.replace(dir.resolve(FILE), Json.write(new FileForm(map)), AtomicWrite.Durability.LAZY);
    } catch (IOException e) {
      throw new SystemException("writing the build cache at " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The file's shape: {@code {"entries": {"<key hex>": "sha256:<image>"}}}. */
  record FileForm(Map<String, Digest> entries) {}
}
