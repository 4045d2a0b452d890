package dev.berth.engine.volume;

import dev.berth.oci.Json;
import dev.berth.sys.FileTrees;
import dev.berth.sys.AtomicWrite;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The volumes on disk: {@code <root>/<name>/volume.json} and {@code <root>/<name>/_data}. A volume exists once
 * its record is in place: create makes {@code _data} first and writes the record last, atomically (temp file,
 * fsync, rename, fsync of the directory); remove renames the volume's directory out of sight before deleting
 * it. So a crash leaves either a whole volume or a leftover that {@link #load} deletes, never half of one.
 * Not thread-safe: the service's lock owns it.
 */
final class VolumeStore {
  private static final Logger LOG = LoggerFactory.getLogger(VolumeStore.class);
  static final String DATA = "_data";
  static final String RECORD = "volume.json";
  private static final String REMOVING = ".removing-";
  private static final String TMP = ".tmp-";

  private final Path root;

  VolumeStore(Path root) {
    this.root = root;
  }

  Path data(String name) {
    return root.resolve(name).resolve(DATA);
  }

  /**
   * Reads every volume's record and clears what a crash left: directories being removed, volumes whose record
   * was never written, temp files. A record that cannot be read is logged and skipped, not deleted: its data
   * may matter to someone.
   */
  List<VolumeRecord> load() throws IOException {
    Files.createDirectories(root);
    List<VolumeRecord> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        Path record = dir.resolve(RECORD);
        if (name.startsWith(REMOVING) || name.startsWith(TMP)) {
          FileTrees.delete(dir);
        } else if (!VolumeNames.valid(name) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          LOG.warn("ignoring {}: not a volume directory", dir);
        } else if (!Files.exists(record, LinkOption.NOFOLLOW_LINKS)) {
          LOG.info("removing volume directory {} without a record (a create interrupted by a crash)", dir);
          FileTrees.delete(dir);
        } else {
          readRecord(name, record, out);
        }
      }
    }
    return out;
  }

  private static void readRecord(String name, Path record, List<VolumeRecord> out) throws IOException {
    try {
      VolumeRecord r = Json.read(Files.readAllBytes(record), VolumeRecord.class);
      if (!r.name().equals(name)) throw new IllegalArgumentException("it names volume " + r.name());
      out.add(r);
    } catch (IllegalArgumentException | NullPointerException | java.time.format.DateTimeParseException e) {
      LOG.warn("skipping volume {}: unreadable record {}: {}", name, record, e.getMessage());
    }
  }

  /** Makes the directories of a new volume, then commits its record. */
  void create(VolumeRecord record) throws IOException {
    Path dir = root.resolve(record.name());
    try {
      Files.createDirectories(dir);
      Files.createDirectories(dir.resolve(DATA));
      write(record);
    } catch (IOException e) {
      try {
        FileTrees.delete(dir);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** Replaces the record, atomically. */
  void write(VolumeRecord record) throws IOException {
    Path dir = root.resolve(record.name());
    Path target = dir.resolve(RECORD);
    AtomicWrite.replace(target, Json.write(record), AtomicWrite.Durability.DURABLE);
    fsync(root);
  }

  /** Takes the volume out of sight with one rename, then deletes its tree. The caller unmounted it. */
  void delete(String name) throws IOException {
    Path gone = root.resolve(REMOVING + name + "-" + UUID.randomUUID());
    Files.move(root.resolve(name), gone, StandardCopyOption.ATOMIC_MOVE);
    fsync(root);
    FileTrees.delete(gone);
  }

  private static void fsync(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
