package dev.berth.cli.stack;

import picocli.CommandLine.Option;

/**
 * The options that name a stack and say what to do with its leftovers, shared by {@code berth apply} and
 * {@code berth deploy} (a picocli mixin), so that both read the same words in {@code --help}.
 */
public final class StackFileOptions {
  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The stack file (default: compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml in the current directory)")
  String file;

  @Option(names = {"-p", "--project-name"}, paramLabel = "PROJECT", description = "The project name (default: the file's top-level name, else its directory's name)")
  String project;

  @Option(names = "--remove-orphans", description = "Remove the project's containers whose service is no longer in the file")
  boolean removeOrphans;

  /** The file given with {@code -f}, or null for the default names. */
  public String file() {
    return file;
  }

  /** The project given with {@code -p}, or null for the file's. */
  public String project() {
    return project;
  }

  public boolean removeOrphans() {
    return removeOrphans;
  }

  /** Reads the stack file these options name, with its project. */
  public StackFiles.Loaded load(dev.berth.cli.CliContext ctx) {
    return StackFiles.load(ctx, file, project);
  }
}
