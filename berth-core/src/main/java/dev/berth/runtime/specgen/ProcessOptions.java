package dev.berth.runtime.specgen;

import java.util.ArrayList;
import java.util.List;

/**
 * What runs: the already-merged entrypoint and cmd (image defaults applied by the caller), env, working
 * directory, the Docker user string ({@code name}, {@code uid}, {@code uid:gid}, {@code name:group}, resolved
 * against the container's rootfs), extra groups ({@code --group-add}) and whether a terminal is attached.
 */
public record ProcessOptions(
    List<String> entrypoint, List<String> cmd, List<String> env, String workdir, String user,
    List<String> groupAdd, boolean tty) {

  public ProcessOptions {
    entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
    cmd = cmd == null ? List.of() : List.copyOf(cmd);
    env = env == null ? List.of() : List.copyOf(env);
    groupAdd = groupAdd == null ? List.of() : List.copyOf(groupAdd);
    workdir = workdir == null || workdir.isEmpty() ? "/" : workdir;
    user = user == null ? "" : user;
  }

  /** A command run as root in / with no extra environment. */
  public static ProcessOptions command(String... args) {
    return new ProcessOptions(null, List.of(args), null, null, null, null, false);
  }

  public ProcessOptions withEnv(List<String> e) {
    return new ProcessOptions(entrypoint, cmd, e, workdir, user, groupAdd, tty);
  }

  public ProcessOptions withUser(String u) {
    return new ProcessOptions(entrypoint, cmd, env, workdir, u, groupAdd, tty);
  }

  public ProcessOptions withWorkdir(String w) {
    return new ProcessOptions(entrypoint, cmd, env, w, user, groupAdd, tty);
  }

  public ProcessOptions withGroupAdd(List<String> g) {
    return new ProcessOptions(entrypoint, cmd, env, workdir, user, g, tty);
  }

  public ProcessOptions withTty(boolean t) {
    return new ProcessOptions(entrypoint, cmd, env, workdir, user, groupAdd, t);
  }

  /** The argv: entrypoint then cmd, as Docker joins them. */
  public List<String> args() {
    List<String> args = new ArrayList<>(entrypoint);
    args.addAll(cmd);
    return List.copyOf(args);
  }
}
