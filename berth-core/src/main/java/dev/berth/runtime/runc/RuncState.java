package dev.berth.runtime.runc;

import java.util.Locale;
import java.util.Map;

/**
 * What {@code runc state} prints (the runtime-spec's state, runtime.md):
 * <pre>{"ociVersion": "1.0.2-dev", "id": "c1", "pid": 4242, "status": "running", "bundle": "/run/…",
 *  "rootfs": "/var/…", "created": "2026-11-28T06:00:00Z", "owner": ""}</pre>
 */
public record RuncState(
    String ociVersion, String id, int pid, String status, String bundle, String rootfs, String created,
    String owner, Map<String, String> annotations) {

  /** The runtime's lifecycle states. */
  public enum Status { CREATING, CREATED, RUNNING, PAUSED, STOPPED }

  public Status statusValue() {
    return Status.valueOf(status.toUpperCase(Locale.ROOT));
  }
}
