package dev.berth.runtime.spec;

import java.util.List;
import java.util.Map;

/**
 * The Linux-specific part (config-linux.md): namespaces, devices, cgroup resources and path, sysctls,
 * seccomp and the masked and read-only paths.
 * <pre>{"namespaces": [{"type": "pid"}], "cgroupsPath": "/berth/c0ffee", "resources": {…},
 *  "maskedPaths": ["/proc/kcore"], "readonlyPaths": ["/proc/sys"], "seccomp": {…}}</pre>
 */
public record Linux(
    List<Namespace> namespaces,
    List<Device> devices,
    String cgroupsPath,
    Resources resources,
    Map<String, String> sysctl,
    Seccomp seccomp,
    List<String> maskedPaths,
    List<String> readonlyPaths) {

  public Linux {
    namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
    devices = devices == null || devices.isEmpty() ? null : List.copyOf(devices);
    sysctl = sysctl == null || sysctl.isEmpty() ? null : Map.copyOf(sysctl);
    maskedPaths = maskedPaths == null ? List.of() : List.copyOf(maskedPaths);
    readonlyPaths = readonlyPaths == null ? List.of() : List.copyOf(readonlyPaths);
  }

  public Linux withNamespaces(List<Namespace> n) {
    return new Linux(n, devices, cgroupsPath, resources, sysctl, seccomp, maskedPaths, readonlyPaths);
  }

  public Linux withDevices(List<Device> d) {
    return new Linux(namespaces, d, cgroupsPath, resources, sysctl, seccomp, maskedPaths, readonlyPaths);
  }

  public Linux withCgroupsPath(String c) {
    return new Linux(namespaces, devices, c, resources, sysctl, seccomp, maskedPaths, readonlyPaths);
  }

  public Linux withResources(Resources r) {
    return new Linux(namespaces, devices, cgroupsPath, r, sysctl, seccomp, maskedPaths, readonlyPaths);
  }

  public Linux withSysctl(Map<String, String> s) {
    return new Linux(namespaces, devices, cgroupsPath, resources, s, seccomp, maskedPaths, readonlyPaths);
  }

  public Linux withSeccomp(Seccomp s) {
    return new Linux(namespaces, devices, cgroupsPath, resources, sysctl, s, maskedPaths, readonlyPaths);
  }

  public Linux withMaskedPaths(List<String> m) {
    return new Linux(namespaces, devices, cgroupsPath, resources, sysctl, seccomp, m, readonlyPaths);
  }

  public Linux withReadonlyPaths(List<String> r) {
    return new Linux(namespaces, devices, cgroupsPath, resources, sysctl, seccomp, maskedPaths, r);
  }

  /** A namespace to create (no path) or to join (path to /proc/PID/ns/TYPE or a bind mount of it). */
  public record Namespace(String type, String path) {
    public static final List<String> TYPES = List.of("pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time");

    public Namespace {
      if (!TYPES.contains(type)) {
        throw new IllegalArgumentException("runtime spec: unknown namespace type " + type + ", expected one of " + TYPES);
      }
      if (path != null && !path.startsWith("/")) {
        throw new IllegalArgumentException("runtime spec: " + type + " namespace path must be absolute, got " + path);
      }
    }

    public static Namespace create(String type) {
      return new Namespace(type, null);
    }
  }

  /** A device node the runtime creates in the container's /dev (config-linux.md "devices"). */
  public record Device(String path, String type, long major, long minor, Integer fileMode, Integer uid, Integer gid) {
    public Device {
      if (path == null || !path.startsWith("/dev/")) {
        throw new IllegalArgumentException("runtime spec: device path must be under /dev, got " + path);
      }
      if (!List.of("c", "b", "u", "p").contains(type)) {
        throw new IllegalArgumentException("runtime spec: device " + path + " has type " + type + ", expected c, b, u or p");
      }
    }
  }
}
