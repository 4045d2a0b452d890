package dev.berth.runtime.specgen;

import java.util.List;

/**
 * A resolved user: numeric ids, supplementary groups and the home directory (for HOME), as found in the
 * container's /etc/passwd and /etc/group.
 */
public record ExecUser(int uid, int gid, List<Integer> additionalGids, String home) {
  public ExecUser {
    additionalGids = additionalGids == null ? List.of() : List.copyOf(additionalGids);
    home = home == null || home.isEmpty() ? "/" : home;
  }
}
