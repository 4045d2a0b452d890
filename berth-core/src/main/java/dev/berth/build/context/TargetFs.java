package dev.berth.build.context;

/** What the builder can tell about the destination filesystem (the image being built). */
@FunctionalInterface
public interface TargetFs {
  enum Kind { ABSENT, DIRECTORY, OTHER }

  /** The kind of {@code absPath} in the image, symlinks followed within it. */
  Kind kind(String absPath);
}
