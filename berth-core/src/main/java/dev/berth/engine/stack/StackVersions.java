package dev.berth.engine.stack;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.berth.engine.StackService.Version;
import dev.berth.errors.SystemException;
import dev.berth.oci.Json;
import dev.berth.stack.StackFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The versions of each project applied on this host, one JSON file per version under
 * {@code <root>/<project>/versions/000001.json}. A file is written to a temporary name and renamed, so a crash
 * leaves either the whole version or none. Only the stack service writes here, under its apply lock.
 */
final class StackVersions {
  /** Sorted members and map keys: the same stack gives the same bytes, whatever order the file had. */
  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  private final Path root;

  /** @param root the directory of all projects' versions; null records nothing (an engine without a data root) */
  StackVersions(Path root) {
    this.root = root;
  }

  /** {@code sha256:<hex>} of the stack's canonical JSON. */
  static String digest(StackFile stack) {
    try {
      byte[] bytes = CANONICAL.writeValueAsBytes(stack);
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The project's versions, oldest first; none when nothing was recorded. */
  List<Version> list(String project) {
    if (root == null) return List.of();
    Path dir = dir(project);
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> files = Files.list(dir)) {
      List<Version> out = new ArrayList<>();
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
        out.add(Json.read(Files.readAllBytes(f), Version.class));
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new SystemException("read the versions of stack " + project + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code version} (its number is the next one); returns it. */
  Version add(String project, Version version) {
    if (root == null) return version;
    Path dir = dir(project);
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(".tmp-" + version.number());
      Files.write(tmp, Json.write(version));
      Files.move(tmp, dir.resolve("%06d.json".formatted(version.number())), StandardCopyOption.ATOMIC_MOVE);
      return version;
    } catch (IOException e) {
      throw new SystemException("record version " + version.number() + " of stack " + project + ": " + e.getMessage(), e);
    }
  }

  private Path dir(String project) {
    return root.resolve(project).resolve("versions");
  }
}
