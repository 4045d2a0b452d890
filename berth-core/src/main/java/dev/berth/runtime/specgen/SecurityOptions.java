package dev.berth.runtime.specgen;

import java.util.List;

/**
 * How much the container may do: {@code --privileged}, {@code --cap-add}/{@code --cap-drop} (names with or
 * without CAP_, any case, or ALL), {@code --security-opt no-new-privileges}, {@code --read-only} and the
 * seccomp profile.
 */
public record SecurityOptions(
    boolean privileged, List<String> capAdd, List<String> capDrop, boolean noNewPrivileges, boolean readOnlyRootfs,
    SeccompMode seccomp) {

  public static final SecurityOptions DEFAULT =
      new SecurityOptions(false, List.of(), List.of(), false, false, new SeccompMode.Default());

  public SecurityOptions {
    capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
    capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
    seccomp = seccomp == null ? new SeccompMode.Default() : seccomp;
  }

  public SecurityOptions withPrivileged(boolean p) {
    return new SecurityOptions(p, capAdd, capDrop, noNewPrivileges, readOnlyRootfs, seccomp);
  }

  public SecurityOptions withCapAdd(List<String> c) {
    return new SecurityOptions(privileged, c, capDrop, noNewPrivileges, readOnlyRootfs, seccomp);
  }

  public SecurityOptions withCapDrop(List<String> c) {
    return new SecurityOptions(privileged, capAdd, c, noNewPrivileges, readOnlyRootfs, seccomp);
  }

  public SecurityOptions withNoNewPrivileges(boolean n) {
    return new SecurityOptions(privileged, capAdd, capDrop, n, readOnlyRootfs, seccomp);
  }

  public SecurityOptions withReadOnlyRootfs(boolean r) {
    return new SecurityOptions(privileged, capAdd, capDrop, noNewPrivileges, r, seccomp);
  }

  public SecurityOptions withSeccomp(SeccompMode s) {
    return new SecurityOptions(privileged, capAdd, capDrop, noNewPrivileges, readOnlyRootfs, s);
  }
}
