package dev.berth.cli.registry;

import dev.berth.cli.CliException;
import java.util.List;

/**
 * Where {@code berth push} sends images, read from its arguments. Today one form exists: an image reference,
 * pushed to the registry its name names. The arguments are parsed here, apart from the command, so that
 * another form (issue 8's {@code berth push ssh://host IMAGE...}, which sends images to another Berth host) is
 * one more record and one more case of {@link #parse}.
 */
sealed interface PushTarget {
  /** {@code NAME[:TAG]}: the daemon pushes the tagged image to the registry of {@code reference}. */
  record Registry(String reference) implements PushTarget {
    public Registry {
      if (reference == null || reference.isBlank()) throw new CliException("push: an image name is required");
    }
  }

  /** The target the arguments name; more than one argument is refused until a form takes several images. */
  static PushTarget parse(List<String> args) {
    if (args.isEmpty()) throw new CliException("\"push\" requires exactly 1 argument.\nSee 'berth push --help'.");
    String first = args.getFirst();
    if (first.contains("://")) {
      throw new CliException("push " + first + ": invalid reference format: push sends an image to a registry, give NAME[:TAG]");
    }
    if (args.size() > 1) throw new CliException("\"push\" requires exactly 1 argument.\nSee 'berth push --help'.");
    return new Registry(first);
  }
}
