package dev.berth.runtime.specgen;

import dev.berth.runtime.spec.Seccomp;
import java.util.Objects;

/** Which seccomp filter a container gets ({@code --security-opt seccomp=…}). */
public sealed interface SeccompMode {
  /** Berth's own default profile, adjusted to the container's capabilities. */
  record Default() implements SeccompMode {}

  /** No filter ({@code seccomp=unconfined}; also what {@code --privileged} implies). */
  record Unconfined() implements SeccompMode {}

  /** A profile the user supplied, used as it is. */
  record Custom(Seccomp profile) implements SeccompMode {
    public Custom {
      Objects.requireNonNull(profile, "profile");
    }
  }
}
