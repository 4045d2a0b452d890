package dev.berth.runtime.spec;

import java.util.List;

/**
 * A seccomp filter (config-linux.md "seccomp"): a default action, the architectures it covers, and rules
 * that override the default for named syscalls, optionally only when their arguments match.
 * <pre>{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1, "architectures": ["SCMP_ARCH_X86_64"],
 *  "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"}]}</pre>
 */
public record Seccomp(String defaultAction, Integer defaultErrnoRet, List<String> architectures, List<Syscall> syscalls) {
  public Seccomp {
    requireAction(defaultAction);
    architectures = architectures == null ? List.of() : List.copyOf(architectures);
    syscalls = syscalls == null ? List.of() : List.copyOf(syscalls);
  }

  private static final List<String> ACTIONS = List.of(
      "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO",
      "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY");

  static void requireAction(String action) {
    if (!ACTIONS.contains(action)) {
      throw new IllegalArgumentException("runtime spec: unknown seccomp action " + action);
    }
  }

  /** A rule: these syscalls get this action (and errno), when all args conditions hold. */
  public record Syscall(List<String> names, String action, Integer errnoRet, List<Arg> args) {
    public Syscall {
      if (names == null || names.isEmpty()) {
        throw new IllegalArgumentException("runtime spec: a seccomp rule must name at least one syscall");
      }
      requireAction(action);
      names = List.copyOf(names);
      args = args == null || args.isEmpty() ? null : List.copyOf(args);
    }
  }

  /** A condition on one syscall argument: op is SCMP_CMP_EQ, SCMP_CMP_MASKED_EQ, … */
  public record Arg(int index, long value, long valueTwo, String op) {
    private static final List<String> OPS = List.of(
        "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ");

    public Arg {
      if (index < 0 || index > 5) {
        throw new IllegalArgumentException("runtime spec: seccomp arg index must be 0..5, got " + index);
      }
      if (!OPS.contains(op)) {
        throw new IllegalArgumentException("runtime spec: unknown seccomp operator " + op);
      }
    }
  }
}
