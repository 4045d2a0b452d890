package dev.berth.runtime.specgen;

import dev.berth.runtime.spec.Seccomp;
import java.util.Objects;

/** Which seccomp filter a container gets ({@code --security-opt seccomp=…}). */
public sealed interface SeccompMode {
  /**
   * Berth's own default profile, adjusted to the container's capabilities. {@code i386} and {@code x32}: the
   * filter also covers that system call ABI. Without it a system call of that ABI kills the process (SIGSYS):
   * each further ABI is compiled again inside every {@code runc create} (the i386 section costs about 20 ms, the
   * x32 one about 5), so they are added only for a root filesystem with such a userland (see {@code
   * UserlandAbis}).
   */
  record Default(boolean i386, boolean x32) implements SeccompMode {
    /** The default profile for x86-64 processes only. */
    public Default() {
      this(false, false);
    }

    /** The default profile for x86-64 processes, and i386 ones if {@code i386}. */
    public Default(boolean i386) {
      this(i386, false);
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
