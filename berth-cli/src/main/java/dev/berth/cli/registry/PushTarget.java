package dev.berth.cli.registry;

import dev.berth.cli.CliException;
import java.util.List;

/**
 * Where {@code berth push} sends images, read from its arguments: an image reference, pushed to the registry its
 * name names; or {@code ssh://[user@]host[:port] IMAGE…}, images sent to another Berth host through its
 * {@code /berth/} transfer routes, without a registry.
 */
sealed interface PushTarget {
  /** {@code NAME[:TAG]}: the daemon pushes the tagged image to the registry of {@code reference}. */
  record Registry(String reference) implements PushTarget {
    public Registry {
      if (reference == null || reference.isBlank()) throw new CliException("push: an image name is required");
    }
  }

  /** {@code ssh://HOST IMAGE…}: the images, each a tag the local daemon holds, sent to the Berth host. */
  record Ssh(String host, List<String> images) implements PushTarget {
    public Ssh {
      images = List.copyOf(images);
      if (images.isEmpty()) {
        throw new CliException("push " + host + ": name at least one image to send, e.g. berth push " + host + " app:v1");
      }
    }
  }

  /** The target the arguments name. */
  static PushTarget parse(List<String> args) {
    if (args.isEmpty()) throw new CliException("\"push\" requires at least 1 argument.\nSee 'berth push --help'.");
    String first = args.getFirst();
    if (first.startsWith("ssh://")) return new Ssh(first, args.subList(1, args.size()));
    if (first.contains("://")) {
      throw new CliException("push " + first + ": invalid reference format: give NAME[:TAG] for a registry, or ssh://HOST IMAGE...");
    }
    if (args.size() > 1) throw new CliException("\"push\" to a registry takes exactly 1 image.\nSee 'berth push --help'.");
    return new Registry(first);
  }
}
