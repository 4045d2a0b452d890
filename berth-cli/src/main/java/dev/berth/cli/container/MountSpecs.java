package dev.berth.cli.container;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;

/**
 * The storage flags: {@code -v} (a bind, a named volume, or an anonymous volume when only a container path
 * is given), {@code --mount} in its key=value CSV form, and {@code --tmpfs PATH[:OPTIONS]}.
 */
final class MountSpecs {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Set<String> TYPES = Set.of("bind", "volume", "tmpfs");

  private MountSpecs() {}

  /** True when a {@code -v} value names only a container path: an anonymous volume, sent in Config.Volumes. */
  static boolean anonymous(String volume) {
    String[] parts = checkVolume(volume);
    return parts.length == 1;
  }

  private static String[] checkVolume(String volume) {
    String[] parts = volume.split(":", -1);
    boolean bad = parts.length > 3 || volume.isEmpty() || java.util.Arrays.stream(parts).limit(2).anyMatch(String::isEmpty);
    String target = parts.length == 1 ? parts[0] : parts[1];
    if (bad || !target.startsWith("/")) {
      throw new BadFlagException("-v, --volume", volume, "invalid volume specification: '" + volume + "'");
    }
    return parts;
  }

  /** One {@code --mount} value as an API Mount object. */
  static ObjectNode mount(String spec) {
    String type = "volume";
    String source = null;
    String target = null;
    boolean readOnly = false;
    ObjectNode bind = null;
    ObjectNode volume = null;
    ObjectNode tmpfs = null;
    for (String field : spec.split(",")) {
      String[] kv = field.split("=", 2);
      String key = kv[0].strip().toLowerCase(Locale.ROOT);
      String value = kv.length > 1 ? kv[1] : null;
      switch (key) {
        case "type" -> type = require(spec, field, value);
        case "source", "src" -> source = require(spec, field, value);
        case "target", "destination", "dst" -> target = require(spec, field, value);
        case "readonly", "ro" -> readOnly = value == null || bool(spec, field, value);
        case "bind-propagation" -> (bind = obj(bind)).put("Propagation", require(spec, field, value));
        case "volume-nocopy" -> (volume = obj(volume)).put("NoCopy", value == null || bool(spec, field, value));
        case "volume-driver" -> (volume = obj(volume)).set("DriverConfig", JSON.objectNode().put("Name", require(spec, field, value)));
        case "tmpfs-size" -> (tmpfs = obj(tmpfs)).put("SizeBytes", Values.bytes("--mount", require(spec, field, value)));
        case "tmpfs-mode" -> (tmpfs = obj(tmpfs)).put("Mode", octal(spec, require(spec, field, value)));
        case "consistency" -> require(spec, field, value);
        default -> throw new BadFlagException("--mount", spec, "unexpected key '" + key + "' in '" + field + "'");
      }
    }
    if (!TYPES.contains(type)) throw new BadFlagException("--mount", spec, "invalid mount type '" + type + "': use bind, volume or tmpfs");
    if (target == null) throw new BadFlagException("--mount", spec, "target is required");
    if (type.equals("bind") && source == null) throw new BadFlagException("--mount", spec, "source is required when specifying a bind mount");
    ObjectNode mount = JSON.objectNode().put("Type", type);
    if (source != null) mount.put("Source", source);
    mount.put("Target", target);
    if (readOnly) mount.put("ReadOnly", true);
    if (bind != null) mount.set("BindOptions", bind);
    if (volume != null) mount.set("VolumeOptions", volume);
    if (tmpfs != null) mount.set("TmpfsOptions", tmpfs);
    return mount;
  }

  private static ObjectNode obj(ObjectNode node) {
    return node == null ? JSON.objectNode() : node;
  }

  private static String require(String spec, String field, String value) {
    if (value == null || value.isEmpty()) throw new BadFlagException("--mount", spec, "invalid field '" + field + "' must be a key=value pair");
    return value;
  }

  private static boolean bool(String spec, String field, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "1", "true" -> true;
      case "0", "false" -> false;
      default -> throw new BadFlagException("--mount", spec, "invalid value for '" + field + "'");
    };
  }

  private static int octal(String spec, String value) {
    try {
      return Integer.parseInt(value, 8);
    } catch (NumberFormatException e) {
      throw new BadFlagException("--mount", spec, "invalid value for tmpfs-mode: " + value);
    }
  }

  /** {@code /run:size=64m} as the Tmpfs map's key and value. */
  static String[] tmpfs(String spec) {
    String[] kv = spec.split(":", 2);
    if (!kv[0].startsWith("/")) throw new BadFlagException("--tmpfs", spec, "invalid tmpfs mount '" + spec + "': the path must be absolute");
    return new String[] {kv[0], kv.length > 1 ? kv[1] : ""};
  }
}
