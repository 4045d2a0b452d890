package dev.berth.daemon;

import dev.berth.errors.SystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/** A stable ID for the daemon's data root ({@code <data-root>/engine-id}), shown as {@code info}'s ID. */
final class EngineId {
  private EngineId() {}

  static String of(Path dataRoot) {
    Path file = dataRoot.resolve("engine-id");
    try {
      if (Files.exists(file)) {
        String id = Files.readString(file).strip();
        if (!id.isEmpty()) return id;
      }
      Files.createDirectories(dataRoot);
      String id = UUID.randomUUID().toString();
      Path tmp = file.resolveSibling("engine-id.tmp");
      Files.writeString(tmp, id + "\n");
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return id;
    } catch (IOException e) {
      throw new SystemException("reading or creating the engine ID in " + dataRoot, e);
    }
  }
}
