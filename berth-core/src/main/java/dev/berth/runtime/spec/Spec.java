package dev.berth.runtime.spec;

import dev.berth.oci.Json;
import java.util.List;
import java.util.Map;

/**
 * The root of config.json (runtime-spec config.md):
 * <pre>{"ociVersion": "1.0.2", "process": {…}, "root": {"path": "rootfs", "readonly": false},
 *  "hostname": "c0ffee", "mounts": […], "linux": {…}}</pre>
 * Immutable; the {@code with…} methods return a changed copy so that spec options compose.
 */
public record Spec(
    String ociVersion,
    Process process,
    Root root,
    String hostname,
    List<Mount> mounts,
    Hooks hooks,
    Map<String, String> annotations,
    Linux linux) {

  /** The runtime-spec version Berth writes; runc 1.1 reads it. */
  public static final String OCI_VERSION = "1.0.2";

  public Spec {
    if (ociVersion == null || ociVersion.isBlank()) {
      throw new IllegalArgumentException("runtime spec: ociVersion is required");
    }
    mounts = mounts == null ? List.of() : List.copyOf(mounts);
    annotations = annotations == null ? null : Map.copyOf(annotations);
  }

  public Spec withProcess(Process p) {
    return new Spec(ociVersion, p, root, hostname, mounts, hooks, annotations, linux);
  }

  public Spec withRoot(Root r) {
    return new Spec(ociVersion, process, r, hostname, mounts, hooks, annotations, linux);
  }

  public Spec withHostname(String h) {
    return new Spec(ociVersion, process, root, h, mounts, hooks, annotations, linux);
  }

  public Spec withMounts(List<Mount> m) {
    return new Spec(ociVersion, process, root, hostname, m, hooks, annotations, linux);
  }

  public Spec withHooks(Hooks h) {
    return new Spec(ociVersion, process, root, hostname, mounts, h, annotations, linux);
  }

  public Spec withLinux(Linux l) {
    return new Spec(ociVersion, process, root, hostname, mounts, hooks, annotations, l);
  }

  /** The config.json bytes for a bundle. */
  public byte[] toJson() {
    return Json.write(this);
  }

  public static Spec fromJson(byte[] json) {
    return Json.read(json, Spec.class);
  }
}
