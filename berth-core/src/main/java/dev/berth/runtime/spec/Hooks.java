package dev.berth.runtime.spec;

import java.util.List;

/**
 * Lifecycle hooks (config.md "hooks"). Berth will need createRuntime (network setup in the container's
 * network namespace) and poststop; the record carries the spec's names so a later issue only fills them.
 */
public record Hooks(List<Hook> createRuntime, List<Hook> createContainer, List<Hook> startContainer,
    List<Hook> poststart, List<Hook> poststop) {

  public Hooks {
    createRuntime = copy(createRuntime);
    createContainer = copy(createContainer);
    startContainer = copy(startContainer);
    poststart = copy(poststart);
    poststop = copy(poststop);
  }

  private static List<Hook> copy(List<Hook> hooks) {
    return hooks == null || hooks.isEmpty() ? null : List.copyOf(hooks);
  }

  /** A program the runtime runs; it receives the container state on stdin. */
  public record Hook(String path, List<String> args, List<String> env, Integer timeout) {
    public Hook {
      if (path == null || !path.startsWith("/")) {
        throw new IllegalArgumentException("runtime spec: hook path must be absolute, got " + path);
      }
      args = args == null ? null : List.copyOf(args);
      env = env == null ? null : List.copyOf(env);
    }
  }
}
