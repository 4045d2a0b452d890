package dev.berth.runtime.specgen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.runtime.spec.Seccomp;
import dev.berth.runtime.spec.Seccomp.Syscall;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DefaultSeccompProfileTest {
  /** What Docker's default profile refuses to a container with the default capabilities. */
  private static final List<String> MUST_BLOCK = List.of(
      "mount", "umount", "umount2", "kexec_load", "kexec_file_load", "reboot", "swapon", "swapoff", "init_module",
      "finit_module", "delete_module", "open_by_handle_at", "bpf", "ptrace", "unshare", "setns", "keyctl", "add_key",
      "request_key", "pivot_root", "acct", "settimeofday", "clock_settime", "userfaultfd", "perf_event_open",
      "iopl", "ioperm", "syslog", "lookup_dcookie", "quotactl", "fsopen", "move_mount", "open_tree", "vhangup",
      "process_vm_readv", "kcmp", "sethostname", "uselib", "nfsservctl", "_sysctl", "create_module");

  private static Set<String> unconditionallyAllowed(Seccomp profile) {
    return profile.syscalls().stream()
        .filter(s -> s.action().equals("SCMP_ACT_ALLOW") && s.args() == null)
        .flatMap(s -> s.names().stream())
        .collect(Collectors.toSet());
  }

  @Test
  void forCapabilities_default_deniesByDefaultWithEperm() {
    Seccomp profile = DefaultSeccompProfile.forCapabilities(CapabilitySet.DEFAULT);
    assertThat(profile.defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
    assertThat(profile.defaultErrnoRet()).isEqualTo(1);
    assertThat(profile.architectures()).containsExactly("SCMP_ARCH_X86_64");
  }

  @Test
  void forCapabilities_i386_addsTheI386AbiAndItsOwnSyscalls() {
    Seccomp plain = DefaultSeccompProfile.forCapabilities(CapabilitySet.DEFAULT);
    Seccomp i386 = DefaultSeccompProfile.forCapabilities(CapabilitySet.DEFAULT, true);
    assertThat(i386.architectures()).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86");
    assertThat(unconditionallyAllowed(plain)).doesNotContain("stat64", "socketcall", "_llseek").contains("stat", "socket");
    assertThat(unconditionallyAllowed(i386)).containsAll(unconditionallyAllowed(plain)).contains("stat64", "socketcall", "_llseek");
    assertThat(i386.syscalls().subList(1, i386.syscalls().size())).isEqualTo(plain.syscalls().subList(1, plain.syscalls().size()));
  }

  @Test
  void forCapabilities_x32_addsTheX32AbiWithTheSameRules() {
    Seccomp plain = DefaultSeccompProfile.forCapabilities(CapabilitySet.DEFAULT);
    Seccomp x32 = DefaultSeccompProfile.forCapabilities(CapabilitySet.DEFAULT, false, true);
    assertThat(x32.architectures()).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X32");
    assertThat(x32.syscalls()).isEqualTo(plain.syscalls());
    assertThat(DefaultSeccompProfile.forCapabilities(CapabilitySet.DEFAULT, true, true).architectures())
        .containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
  }

  @Test
  void forCapabilities_default_allowsNoneOfDockersBlockedSyscalls() {
    Set<String> allowed = unconditionallyAllowed(DefaultSeccompProfile.forCapabilities(CapabilitySet.DEFAULT));
    assertThat(allowed).doesNotContainAnyElementsOf(MUST_BLOCK).doesNotContain("clone", "clone3", "personality");
    assertThat(allowed).contains("read", "write", "execve", "openat", "mmap", "futex", "chroot", "socket", "wait4");
  }

  @Test
  void forCapabilities_default_allowsCloneOnlyWithoutNamespaceFlags() {
    Seccomp profile = DefaultSeccompProfile.forCapabilities(CapabilitySet.DEFAULT);
    Syscall clone = profile.syscalls().stream().filter(s -> s.names().equals(List.of("clone"))).findFirst().orElseThrow();
    assertThat(clone.args()).singleElement().satisfies(a -> {
      assertThat(a.op()).isEqualTo("SCMP_CMP_MASKED_EQ");
      assertThat(a.value()).isEqualTo(0x7E020000L);
      assertThat(a.valueTwo()).isZero();
    });
    Syscall clone3 = profile.syscalls().stream().filter(s -> s.names().equals(List.of("clone3"))).findFirst().orElseThrow();
    assertThat(clone3.action()).isEqualTo("SCMP_ACT_ERRNO");
    assertThat(clone3.errnoRet()).isEqualTo(38);
  }

  @Test
  void forCapabilities_default_allowsOnlyTheHarmlessPersonalities() {
    List<Long> values = DefaultSeccompProfile.forCapabilities(CapabilitySet.DEFAULT).syscalls().stream()
        .filter(s -> s.names().equals(List.of("personality")))
        .map(s -> s.args().getFirst().value())
        .toList();
    assertThat(values).containsExactlyInAnyOrder(0x0L, 0x8L, 0x20000L, 0x20008L, 0xffffffffL);
  }

  @Test
  void forCapabilities_sysAdmin_opensMountUnshareAndClone() {
    List<String> caps = CapabilitySet.resolve(false, List.of("SYS_ADMIN"), List.of(), TestHosts.HOST);
    Set<String> allowed = unconditionallyAllowed(DefaultSeccompProfile.forCapabilities(caps));
    assertThat(allowed).contains("mount", "umount2", "unshare", "setns", "clone", "clone3");
    assertThat(allowed).doesNotContain("kexec_load", "init_module", "ptrace", "keyctl", "swapon");
  }

  @Test
  void forCapabilities_sysPtrace_opensPtrace() {
    List<String> caps = CapabilitySet.resolve(false, List.of("SYS_PTRACE"), List.of(), TestHosts.HOST);
    assertThat(unconditionallyAllowed(DefaultSeccompProfile.forCapabilities(caps))).contains("ptrace", "process_vm_readv");
  }
}
