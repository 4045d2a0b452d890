package dev.berth.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} on every command, mixed in. */
public final class HelpOption {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print usage")
  boolean help;
}
