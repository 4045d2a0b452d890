package dev.berth.stack;

import dev.berth.stack.Service.ServiceVolume;
import dev.berth.stack.Service.ServiceVolume.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A service's {@code volumes:} in both syntaxes. Short: {@code SOURCE:TARGET[:MODE]} or {@code TARGET} (an
 * anonymous volume); a source that starts with {@code /}, {@code .} or {@code ~} is a host path (a bind mount,
 * relative paths taken from the file's directory), anything else a named volume; the mode is {@code ro} or
 * {@code rw}. Long: {@code type} (volume, bind, tmpfs), {@code source}, {@code target}, {@code read_only}.
 */
final class VolumeSyntax {
  private static final Set<String> LONG_KEYS = Set.of("type", "source", "target", "read_only");
  private static final Pattern VOLUME_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private VolumeSyntax() {}

  /** One mount and its line, so that an undeclared volume is reported where it is used. */
  record Located(ServiceVolume volume, int line) {}

  static List<Located> read(Node node, String path, Path baseDir, ValueReader values) {
    List<Located> out = new ArrayList<>();
    if (YamlNodes.isNull(node)) return out;
    List<Node> items = YamlNodes.items(node, path, values.problems());
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String itemPath = path + "[" + i + "]";
      try {
        ServiceVolume v = item instanceof MappingNode
            ? longForm(item, itemPath, baseDir, values)
            : shortForm(values.text(item, itemPath), baseDir, values.environment());
        if (v != null) out.add(new Located(v, YamlNodes.line(item)));
      } catch (IllegalArgumentException e) {
        values.problems().add(YamlNodes.line(item), itemPath + ": " + e.getMessage());
      }
    }
    return out;
  }

  static ServiceVolume shortForm(String text, Path baseDir, Map<String, String> environment) {
    if (text == null) return null;
    String[] parts = text.split(":", -1);
    if (parts.length == 1) return new ServiceVolume(Type.VOLUME, null, target(parts[0], text), false);
    if (parts.length > 3) throw new IllegalArgumentException("invalid volume '" + text + "' (expected SOURCE:TARGET[:MODE])");
    boolean readOnly = parts.length == 3 && readOnly(parts[2], text);
    String target = target(parts[1], text);
    String source = parts[0];
    if (isHostPath(source)) return new ServiceVolume(Type.BIND, hostPath(source, baseDir, environment), target, readOnly);
    return new ServiceVolume(Type.VOLUME, volumeName(source), target, readOnly);
  }

  private static ServiceVolume longForm(Node node, String path, Path baseDir, ValueReader values) {
    Map<String, YamlNodes.Field> f = YamlNodes.fields(node, path, LONG_KEYS, values.problems());
    String typeText = f.containsKey("type") ? values.text(f.get("type").value(), path + ".type") : "volume";
    String source = f.containsKey("source") ? values.text(f.get("source").value(), path + ".source") : null;
    String target = f.containsKey("target") ? values.text(f.get("target").value(), path + ".target") : null;
    Boolean ro = f.containsKey("read_only") ? values.bool(f.get("read_only").value(), path + ".read_only") : null;
    if (target == null) throw new IllegalArgumentException("a volume needs a target");
    Type type = switch (typeText == null ? "volume" : typeText) {
      case "volume" -> Type.VOLUME;
      case "bind" -> Type.BIND;
      case "tmpfs" -> Type.TMPFS;
      default -> throw new IllegalArgumentException("unsupported volume type '" + typeText + "' (expected volume, bind or tmpfs)");
    };
    String resolved = switch (type) {
      case VOLUME -> source == null || source.isEmpty() ? null : volumeName(source);
      case BIND -> {
        if (source == null || source.isEmpty()) throw new IllegalArgumentException("a bind mount needs a source");
        yield hostPath(source, baseDir, values.environment());
      }
      case TMPFS -> {
        if (source != null) throw new IllegalArgumentException("a tmpfs mount takes no source");
        yield null;
      }
    };
    return new ServiceVolume(type, resolved, target(target, target), ro != null && ro);
  }

  private static boolean isHostPath(String source) {
    return source.startsWith("/") || source.startsWith(".") || source.startsWith("~");
  }

  /** An absolute, normalised host path: {@code ~} is the environment's HOME, relative paths start at baseDir. */
  static String hostPath(String source, Path baseDir, Map<String, String> environment) {
    if (source.equals("~") || source.startsWith("~/")) {
      String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
      return Path.of(home).resolve(source.substring(1).replaceFirst("^/", "")).normalize().toString();
    }
    if (source.startsWith("~")) throw new IllegalArgumentException("unsupported host path '" + source + "' (~user is not expanded)");
    return baseDir.toAbsolutePath().resolve(source).normalize().toString();
  }

  private static String volumeName(String source) {
    if (!VOLUME_NAME.matcher(source).matches()) {
      throw new IllegalArgumentException("invalid volume name '" + source + "' (a host path starts with /, . or ~)");
    }
    return source;
  }

  private static String target(String target, String whole) {
    if (!target.startsWith("/")) {
      throw new IllegalArgumentException("invalid volume '" + whole + "': the container path '" + target + "' is not absolute");
    }
    return target;
  }

  private static boolean readOnly(String mode, String whole) {
    return switch (mode) {
      case "ro" -> true;
      case "rw" -> false;
      default -> throw new IllegalArgumentException("unsupported volume mode '" + mode + "' in '" + whole + "' (expected ro or rw)");
    };
  }
}
