package dev.berth.runtime.fs;

/** A numeric owner that every extracted node gets instead of the tar's (docker cp -a: the container's user). */
public record Owner(int uid, int gid) {
  public Owner {
    if (uid < 0 || gid < 0) throw new IllegalArgumentException("owner ids must not be negative: " + uid + ":" + gid);
  }
}
