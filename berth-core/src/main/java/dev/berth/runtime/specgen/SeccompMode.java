package dev.berth.runtime.specgen;

import dev.berth.runtime.spec.Seccomp;
import java.util.Objects;

/** Which seccomp filter a container gets ({@code --security-opt seccomp=…}). */
public sealed interface SeccompMode {
  /**
   * Berth's own default profile, adjusted to the container's capabilities. {@code i386}: the filter also covers
   * the i386 system call ABI. Without it an i386 system call kills the process (SIGSYS): the i386 section
   * costs about 20 ms of every {@code runc create}, so it is added only for a root filesystem with an i386
   * userland (see {@code I386Userland}).
   */
  record Default(boolean i386) implements SeccompMode {
    /** The default profile for x86-64 (and x32) processes only. */
    public Default() {
      this(false);
    }
  }

  /** No filter ({@code seccomp=unconfined}; also what {@code --privileged} implies). */
  record Unconfined() implements SeccompMode {}

  /** A profile the user supplied, used as it is. */
  record Custom(Seccomp profile) implements SeccompMode {
    public Custom {
      Objects.requireNonNull(profile, "profile");
    }
  }
}
