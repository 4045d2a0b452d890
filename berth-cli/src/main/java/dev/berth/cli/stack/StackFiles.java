package dev.berth.cli.stack;

import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.stack.ProjectNames;
import dev.berth.stack.StackFile;
import dev.berth.stack.StackFileException;
import dev.berth.stack.StackFileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds and reads the stack file on the client, and names the project: {@code -p}, else the file's top-level
 * {@code name:}, else the file's directory (lowercased, characters outside {@code [a-z0-9_-]} removed), as
 * Compose does. Variables come from the client's environment, then the {@code .env} beside the file.
 */
public final class StackFiles {
  /** The names looked for in the current directory when no {@code -f} is given, in Compose's order. */
  static final List<String> DEFAULT_NAMES = List.of("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml");

  private StackFiles() {}

  /** A file read: the stack, the project it belongs to, and where the file is. */
  public record Loaded(StackFile stack, String project, Path file) {}

  public static Loaded load(CliContext ctx, String fileOption, String projectOption) {
    Path file = locate(fileOption, Path.of("").toAbsolutePath());
    StackFileReader.Result result;
    try {
      result = StackFileReader.load(file, ctx.env());
    } catch (StackFileException e) {
      throw new CliException("the stack file cannot be applied:\n" + e.getMessage());
    }
    result.warnings().forEach(w -> ctx.err().println("WARN: " + w));
    return new Loaded(result.stack(), project(projectOption, result.stack(), file), file);
  }

  /** The file as the user named it (so messages show that name), else the first default name found in {@code cwd}. */
  static Path locate(String fileOption, Path cwd) {
    if (fileOption != null) return Path.of(fileOption);
    for (String name : DEFAULT_NAMES) {
      if (Files.isRegularFile(cwd.resolve(name))) return cwd.resolve(name);
    }
    throw new CliException("no stack file: give one with -f, or put a compose.yaml in the current directory");
  }

  static String project(String projectOption, StackFile stack, Path file) {
    if (projectOption != null) return checked(projectOption, "-p");
    if (stack.name() != null) return stack.name();
    Path dir = file.toAbsolutePath().getParent();
    String fromDir = dir == null || dir.getFileName() == null ? "" : ProjectNames.fromDirectory(dir.getFileName().toString());
    if (fromDir.isEmpty()) {
      throw new CliException("cannot name the project after the directory " + dir + ": give one with -p or name: in the file");
    }
    return fromDir;
  }

  private static String checked(String project, String where) {
    if (!ProjectNames.isValid(project)) throw new CliException("invalid project name '" + project + "' (" + where + "): " + ProjectNames.RULE);
    return project;
  }
}
