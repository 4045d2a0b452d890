package dev.berth.image.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Json;

/**
 * JSON for the files an archive adds around the blobs (index.json, manifest.json, repositories). Map keys
 * are sorted so that saving the same images twice gives the same bytes.
 */
final class ArchiveJson {
  private ArchiveJson() {}

  private static final ObjectMapper SORTED =
      Json.MAPPER.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  static byte[] write(Object value) {
    try {
      return SORTED.writeValueAsBytes(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  /** As {@link #write}, with the trailing newline Go's json.Encoder gives the files Docker writes. */
  static byte[] writeLine(Object value) {
    byte[] json = write(value);
    byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
    line[json.length] = '\n';
    return line;
  }

  /** Parses an archive file; malformed JSON becomes InvalidArgumentException naming the file. */
  static <T> T read(byte[] bytes, Class<T> type, String file) {
    try {
      return Json.read(bytes, type);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("load: " + file + " is not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
