package dev.berth.runtime.container;

import dev.berth.errors.InvalidArgumentException;
import java.util.Map;

/** The log driver and its options ({@code --log-driver json-file --log-opt max-size=10m}). */
public record LogConfig(String type, Map<String, String> config) {
  public static final LogConfig DEFAULT = new LogConfig("json-file", Map.of());

  public LogConfig {
    type = type == null || type.isEmpty() ? "json-file" : type;
    if (!type.matches("[a-z0-9][a-z0-9_.-]*")) throw new InvalidArgumentException("invalid log driver name '" + type + "'");
    config = config == null ? Map.of() : Map.copyOf(config);
  }
}
