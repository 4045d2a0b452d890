package dev.berth.storage;

import java.util.List;

/**
 * A mount as data, like the OCI runtime spec's mount entry: {@code type} "overlay" or "bind", a source, and
 * options ("ro", "rbind", "lowerdir=…", "upperdir=…", "workdir=…"). For overlay, each lower directory is its
 * own {@code lowerdir+=…} option, topmost first, so that deep stacks never need one over-long option string.
 */
public record Mount(String type, String source, List<String> options) {
  public Mount {
    options = List.copyOf(options);
  }
}
