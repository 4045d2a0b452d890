package dev.berth.build.dockerfile;

import dev.berth.build.dockerfile.Flags.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HEALTHCHECK: {@code NONE}, or {@code CMD} with a command and the timing flags. The test is given in Docker's
 * form ({@code ["NONE"]}, {@code ["CMD", …]}, {@code ["CMD-SHELL", "…"]}); a duration must be Go's format and
 * at least 1ms (0 means the default).
 */
final class HealthcheckParser {
  private static final Map<String, Kind> FLAGS = Flags.allowed("interval", Kind.STRING, "timeout", Kind.STRING,
      "start-period", Kind.STRING, "start-interval", Kind.STRING, "retries", Kind.STRING);
  private static final Duration MINIMUM = Duration.ofMillis(1);

  private HealthcheckParser() {}

  static Instruction.Healthcheck parse(Node node, Location at) {
    Flags flags = Flags.parse(node, at, FLAGS);
    List<String> args = node.args();
    if (args.isEmpty()) throw new DockerfileException(at, "HEALTHCHECK requires at least one argument: expected HEALTHCHECK NONE or HEALTHCHECK [OPTIONS] CMD command");
    String type = args.getFirst().toUpperCase(Locale.ROOT);
    List<String> test = new ArrayList<>();
    switch (type) {
      case "NONE" -> {
        if (args.size() != 1) throw new DockerfileException(at, "HEALTHCHECK NONE takes no arguments");
        test.add("NONE");
      }
      case "CMD" -> {
        List<String> cmd = args.subList(1, args.size());
        if (cmd.isEmpty()) throw new DockerfileException(at, "Missing command after HEALTHCHECK CMD");
        if (node.json()) {
          test.add("CMD");
          test.addAll(cmd);
        } else {
          test.add("CMD-SHELL");
          test.add(String.join(" ", cmd));
        }
      }
      default -> throw new DockerfileException(Instructions.columnOf(node, at, args.getFirst()),
          "Unknown type " + GoQuote.quote(args.getFirst()) + " in HEALTHCHECK (try CMD)");
    }
    return new Instruction.Healthcheck(test, duration(node, at, flags, "interval"), duration(node, at, flags, "timeout"),
        duration(node, at, flags, "start-period"), duration(node, at, flags, "start-interval"), retries(node, at, flags),
        at, node.original());
  }

  private static Duration duration(Node node, Location at, Flags flags, String name) {
    String value = flags.string(name);
    if (value == null || value.isEmpty()) return null;
    Location where = Instructions.columnOf(node, at, "--" + name);
    Duration d = GoDuration.parse(value);
    if (d == null) {
      throw new DockerfileException(where, "invalid duration for --" + name + ": " + GoQuote.quote(value)
          + ": expected a number and a unit, such as 30s, 1m30s or 500ms");
    }
    if (d.isNegative()) throw new DockerfileException(where, "--" + name + " cannot be negative (" + value + ")");
    if (!d.isZero() && d.compareTo(MINIMUM) < 0) {
      throw new DockerfileException(where, "--" + name + " cannot be less than 1ms (" + value + ")");
    }
    return d;
  }

  private static Integer retries(Node node, Location at, Flags flags) {
    String value = flags.string("retries");
    if (value == null || value.isEmpty()) return null;
    Location where = Instructions.columnOf(node, at, "--retries");
    int retries;
    try {
      retries = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new DockerfileException(where, "invalid --retries: " + GoQuote.quote(value) + ": expected a whole number");
    }
    if (retries < 0) throw new DockerfileException(where, "--retries cannot be negative (" + retries + ")");
    return retries;
  }
}
