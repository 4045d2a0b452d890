package dev.berth.runtime.specgen;

import dev.berth.errors.InvalidArgumentException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Linux capability names and the set a container gets: Docker's default fourteen, changed by
 * {@code --cap-add} and {@code --cap-drop} (ALL allowed in either), or every capability when privileged.
 */
public final class CapabilitySet {
  private CapabilitySet() {}

  /** Every capability the kernel knows, in bit order (CAP_CHOWN is bit 0, CAP_CHECKPOINT_RESTORE bit 40). */
  public static final List<String> ALL = List.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
      "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
      "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
      "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
      "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
      "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
      "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

  /** Docker's default set, in bit order; its effective mask is 0xa80425fb. */
  public static final List<String> DEFAULT = List.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID",
      "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW", "CAP_SYS_CHROOT", "CAP_MKNOD", "CAP_AUDIT_WRITE",
      "CAP_SETFCAP");

  /**
   * Normalizes a user's capability name: "net_admin", "NET_ADMIN" and "CAP_NET_ADMIN" all give
   * CAP_NET_ADMIN; "all" gives ALL. An unknown name is an InvalidArgumentException.
   */
  public static String normalize(String name) {
    String upper = name.trim().toUpperCase(Locale.ROOT);
    if (upper.equals("ALL")) {
      return "ALL";
    }
    String full = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
    if (!ALL.contains(full)) {
      throw new InvalidArgumentException("invalid capability: unknown capability: \"" + full + "\"");
    }
    return full;
  }

  /**
   * The container's capabilities, in bit order: default (or every one when privileged), plus adds, minus
   * drops. As in Docker, a drop of ALL starts from nothing and then the adds apply; an add of ALL gives
   * every capability but the explicit drops. "Every" means every one the daemon holds itself: runc cannot
   * grant more (privileged gets 0x1fffeffffff here, without CAP_SYS_RESOURCE).
   */
  public static List<String> resolve(boolean privileged, List<String> capAdd, List<String> capDrop, HostFacts host) {
    List<String> adds = capAdd.stream().map(CapabilitySet::normalize).toList();
    List<String> drops = capDrop.stream().map(CapabilitySet::normalize).toList();
    if (privileged) {
      return ALL.stream().filter(host::hasCapability).toList();
    }
    Set<String> caps = new LinkedHashSet<>(drops.contains("ALL") ? List.of() : DEFAULT);
    if (adds.contains("ALL")) {
      ALL.stream().filter(host::hasCapability).forEach(caps::add);
    } else {
      caps.addAll(adds);
    }
    if (!drops.contains("ALL")) {
      drops.forEach(caps::remove);
    }
    List<String> ordered = new ArrayList<>();
    for (String cap : ALL) {
      if (caps.contains(cap)) {
        ordered.add(cap);
      }
    }
    return List.copyOf(ordered);
  }

  /** The bit mask /proc/PID/status shows as CapEff for these capabilities. */
  public static long mask(List<String> caps) {
    long mask = 0;
    for (String cap : caps) {
      int bit = ALL.indexOf(cap);
      if (bit < 0) {
        throw new IllegalArgumentException("unknown capability " + cap);
      }
      mask |= 1L << bit;
    }
    return mask;
  }
}
