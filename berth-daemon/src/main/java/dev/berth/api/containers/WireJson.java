package dev.berth.api.containers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.errors.InvalidArgumentException;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Reads request bodies as Docker's Go decoder does: member names match in any case, unknown members are
 * ignored, and a value of the wrong type is refused (no "12" for a number) with a 400 that names the field,
 * e.g. {@code HostConfig.Memory: expected a number, got a string}.
 */
public final class WireJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private WireJson() {}

  /** The body as a JSON tree; an empty body is an empty object. */
  public static JsonNode tree(byte[] body, String what) {
    if (body.length == 0) return MAPPER.createObjectNode();
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isNull() || node.isMissingNode()) return MAPPER.createObjectNode();
      if (!node.isObject()) throw new InvalidArgumentException("invalid JSON body for " + what + ": expected an object");
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentException("invalid JSON body for " + what + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidArgumentException("invalid JSON body for " + what + ": " + e.getMessage(), e);
    }
  }

  /**
   * Binds {@code node} (null or JSON null: null) to {@code type}. {@code field} is the node's place in the
   * body ({@code "HostConfig"}, or "" for the root), used in errors.
   */
  public static <T> T bind(JsonNode node, Class<T> type, String field, String what) {
    if (node == null || node.isNull() || node.isMissingNode()) return null;
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JsonMappingException e) {
      String path = e.getPath().stream()
          .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(Collectors.joining(".")).replace(".[", "[");
      String where = field.isEmpty() ? path : path.isEmpty() ? field : field + "." + path;
      throw new InvalidArgumentException("invalid " + what + ": field " + (where.isEmpty() ? "(root)" : where) + ": " + shortMessage(e), e);
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentException("invalid " + what + ": " + e.getOriginalMessage(), e);
    }
  }

  private static String shortMessage(JsonMappingException e) {
    String m = e.getOriginalMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
