package dev.berth.cli.format;

/**
 * The value of a {@code --format} flag: the default table, {@code table TEMPLATE}, {@code json}, or a bare
 * template printed once per item.
 */
public sealed interface OutputFormat {
  /** A header line and aligned columns; {@code template} null means the command's default columns. */
  record Table(String template) implements OutputFormat {}

  /** One JSON object per item and line, as {@code docker … --format json}. */
  record Json() implements OutputFormat {}

  /** A Go-style template per item, e.g. {@code {{.Repository}}:{{.Tag}}}. */
  record Template(String template) implements OutputFormat {}

  /** Parses the flag as the docker CLI reads it; null or empty means the default table. */
  static OutputFormat parse(String text) {
    if (text == null || text.isBlank() || text.strip().equals("table")) return new Table(null);
    String t = text.strip();
    if (t.equals("json")) return new Json();
    if (t.startsWith("table ")) return new Table(t.substring(6).strip());
    return new Template(t);
  }
}
