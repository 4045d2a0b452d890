package dev.berth.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a stack file into its resolved form.
 *
 * <p>{@code environment} is what {@code ${VAR}} interpolation sees (the caller's environment; a {@code .env}
 * file beside the stack file fills in what it lacks). Relative paths (bind sources, {@code env_file},
 * {@code build.context}) are taken relative to {@code baseDir}. Every problem is reported at once as a
 * {@link StackFileException} naming the file and line: malformed YAML, unsupported keys (by name), wrong types,
 * unknown services in {@code depends_on}/{@code links}/{@code volumes_from}, dependency cycles, undeclared
 * volumes and networks, and host ports published twice.
 */
public final class StackFileReader {
  private static final Set<String> TOP_KEYS = Set.of("version", "name", "services", "volumes", "networks");
  private static final Pattern SERVICE_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private StackFileReader() {}

  /** A file read, with the warnings Compose would print (variables that were not set). */
  public record Result(StackFile stack, List<String> warnings) {
    public Result {
      warnings = List.copyOf(warnings);
    }
  }

  /** Reads {@code file}; its directory is the base directory and holds the {@code .env} file if any. */
  public static StackFile read(Path file, Map<String, String> environment) {
    return load(file, environment).stack();
  }

  /**
   * Reads YAML text; {@code fileName} is used in messages; {@code baseDir} resolves relative paths and its
   * {@code .env} is read when {@code readDotEnv}.
   */
  public static StackFile read(String yaml, String fileName, Path baseDir, Map<String, String> environment, boolean readDotEnv) {
    return load(yaml, fileName, baseDir, environment, readDotEnv).stack();
  }

  /** As {@link #read(Path, Map)}, with the warnings. */
  public static Result load(Path file, Map<String, String> environment) {
    String name = file.toString();
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new StackFileException(new StackLocation(name, 0), "no such stack file");
    } catch (IOException e) {
      throw new StackFileException(new StackLocation(name, 0), "cannot read the stack file: " + e.getMessage());
    }
    Path dir = file.toAbsolutePath().getParent();
    return load(yaml, name, dir, environment, true);
  }

  /** As {@link #read(String, String, Path, Map, boolean)}, with the warnings. */
  public static Result load(String yaml, String fileName, Path baseDir, Map<String, String> environment, boolean readDotEnv) {
    Problems problems = new Problems(fileName);
    Map<String, String> env = readDotEnv ? withDotEnv(fileName, baseDir, environment, problems) : Map.copyOf(environment);
    Node root = YamlNodes.parse(yaml, problems);
    problems.throwIfAny();
    ValueReader values = new ValueReader(problems, env);
    Map<String, YamlNodes.Field> top = YamlNodes.fields(root, "the top level", TOP_KEYS, problems);
    String name = top.containsKey("name") ? projectName(top.get("name"), values) : null;
    TopLevelReader decls = new TopLevelReader(values);
    List<VolumeDecl> volumes = decls.volumes(top.containsKey("volumes") ? top.get("volumes").value() : null);
    List<NetworkDecl> networks = decls.networks(top.containsKey("networks") ? top.get("networks").value() : null);
    List<ServiceReader.Read> services = services(top.get("services"), baseDir, values);
    new StackValidator(problems).check(services, volumes, networks);
    problems.throwIfAny();
    return new Result(new StackFile(name, services.stream().map(ServiceReader.Read::service).toList(), volumes, networks),
        problems.warnings());
  }

  private static List<ServiceReader.Read> services(YamlNodes.Field field, Path baseDir, ValueReader values) {
    List<ServiceReader.Read> out = new ArrayList<>();
    if (field == null) {
      values.problems().add(1, "the file has no top-level services mapping");
      return out;
    }
    if (YamlNodes.isNull(field.value())) return out;
    ServiceReader reader = new ServiceReader(values, baseDir);
    for (YamlNodes.Field s : YamlNodes.entries(field.value(), "services", values.problems())) {
      if (!SERVICE_NAME.matcher(s.key()).matches()) {
        values.problems().add(s.line(), "invalid service name '" + s.key() + "' (letters, digits, '.', '_' and '-', not first)");
      }
      if (YamlNodes.isNull(s.value())) {
        values.problems().add(s.line(), "service " + s.key() + " is empty: it needs at least an image or a build");
        continue;
      }
      out.add(reader.read(s.key(), s.line(), s.value()));
    }
    return out;
  }

  private static String projectName(YamlNodes.Field field, ValueReader values) {
    String name = values.text(field.value(), "name");
    if (name != null && !ProjectNames.isValid(name)) {
      values.problems().add(field.line(), "invalid project name '" + name + "': " + ProjectNames.RULE);
    }
    return name;
  }

  /** The caller's environment, filled in from {@code baseDir/.env}; the caller's wins. */
  private static Map<String, String> withDotEnv(String fileName, Path baseDir, Map<String, String> environment, Problems problems) {
    Path dotEnv = baseDir.resolve(".env");
    Map<String, String> env = new HashMap<>();
    if (Files.isRegularFile(dotEnv)) {
      try {
        env.putAll(DotEnv.parse(Files.readString(dotEnv), environment, problems::warn));
      } catch (DotEnv.DotEnvException e) {
        problems.add(new StackLocation(dotEnvName(fileName), e.line), e.getMessage());
      } catch (IOException e) {
        problems.add(new StackLocation(dotEnvName(fileName), 0), "cannot read: " + e.getMessage());
      }
    }
    env.putAll(environment);
    return env;
  }

  private static String dotEnvName(String fileName) {
    Path parent = Path.of(fileName).getParent();
    return parent == null ? ".env" : parent.resolve(".env").toString();
  }
}
