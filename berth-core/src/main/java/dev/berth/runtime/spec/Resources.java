package dev.berth.runtime.spec;

import java.util.List;

/**
 * Cgroup resources (config-linux.md "resources"): the device allow list and the memory, cpu and pids
 * controllers. A null member leaves that controller alone.
 */
public record Resources(List<DeviceRule> devices, Memory memory, Cpu cpu, Pids pids) {
  public Resources {
    devices = devices == null ? List.of() : List.copyOf(devices);
  }

  public static final Resources NONE = new Resources(List.of(), null, null, null);

  public Resources withDevices(List<DeviceRule> d) {
    return new Resources(d, memory, cpu, pids);
  }

  public Resources withMemory(Memory m) {
    return new Resources(devices, m, cpu, pids);
  }

  public Resources withCpu(Cpu c) {
    return new Resources(devices, memory, c, pids);
  }

  public Resources withPids(Pids p) {
    return new Resources(devices, memory, cpu, p);
  }

  /**
   * One rule of the device cgroup, applied in order: {"allow": false, "access": "rwm"} denies everything,
   * {"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwm"} lets /dev/null through. A null
   * major or minor means any ("*").
   */
  public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {
    public DeviceRule {
      if (type != null && !List.of("a", "c", "b").contains(type)) {
        throw new IllegalArgumentException("runtime spec: device rule type must be a, c or b, got " + type);
      }
      if (access != null && !access.matches("[rwm]{1,3}")) {
        throw new IllegalArgumentException("runtime spec: device rule access must be made of r, w, m, got " + access);
      }
    }
  }

  /** Memory limits in bytes; swap is memory plus swap, -1 for unlimited. */
  public record Memory(Long limit, Long reservation, Long swap) {}

  /** CPU: relative shares, CFS quota over period (µs), and a cpuset ("0-1"). */
  public record Cpu(Long shares, Long quota, Long period, String cpus, String mems) {}

  /** The most tasks the container may hold; -1 or 0 for unlimited, as runc reads it. */
  public record Pids(long limit) {}
}
