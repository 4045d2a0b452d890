package dev.berth.runtime.specgen;

import dev.berth.runtime.spec.Seccomp;
import dev.berth.runtime.spec.Seccomp.Arg;
import dev.berth.runtime.spec.Seccomp.Syscall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Berth's default seccomp filter: every syscall fails with EPERM unless allowed here. Ordinary programs
 * (shells, package managers, language runtimes) need only the plain allowlist; the syscalls that reach
 * past the container (mount, namespaces, modules, kexec, reboot, clock setting, tracing, kernel keyrings,
 * bpf, perf, swap, accounting) are either never allowed or allowed only when the container was given the
 * capability that guards them, so {@code --cap-add SYS_ADMIN} also opens mount and unshare. Architectures:
 * x86-64 always; i386 and x32, the other ABIs an x86-64 kernel may run, only when asked. libseccomp compiles
 * every rule once per architecture inside {@code runc create} (the i386 section alone costs about 20 ms there,
 * a third of runc's time, and x32 about 5); a process whose ABI the filter lacks is killed with SIGSYS at its
 * first system call of that ABI.
 */
public final class DefaultSeccompProfile {
  private DefaultSeccompProfile() {}

  private static final int EPERM = 1;
  private static final int ENOSYS = 38;

  /** CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET: clone flags that make namespaces. */
  static final long CLONE_NAMESPACE_FLAGS = 0x7E020000L;

  /** Allowed for every container: files, memory, signals, time reading, sockets, IPC, scheduling. */
  private static final String ALLOWED = """
      read write readv writev pread64 pwrite64 preadv pwritev preadv2 pwritev2 lseek
      open openat openat2 creat close close_range dup dup2 dup3 pipe pipe2 fcntl ioctl flock
      stat fstat lstat newfstatat statx statfs fstatfs
      access faccessat faccessat2 readlink readlinkat getdents getdents64 getcwd chdir fchdir
      mkdir mkdirat rmdir rename renameat renameat2 link linkat unlink unlinkat symlink symlinkat
      mknod mknodat chmod fchmod fchmodat fchmodat2 chown fchown lchown fchownat
      umask truncate ftruncate fallocate fadvise64 readahead
      sync fsync fdatasync syncfs sync_file_range copy_file_range sendfile splice tee vmsplice
      utime utimes futimesat utimensat
      getxattr lgetxattr fgetxattr setxattr lsetxattr fsetxattr listxattr llistxattr flistxattr
      removexattr lremovexattr fremovexattr
      inotify_init inotify_init1 inotify_add_watch inotify_rm_watch fanotify_mark name_to_handle_at
      brk mmap munmap mremap mprotect madvise mincore msync mlock mlock2 munlock mlockall munlockall
      memfd_create membarrier pkey_alloc pkey_free pkey_mprotect remap_file_pages process_mrelease
      execve execveat exit exit_group fork vfork wait4 waitid kill tkill tgkill
      rt_sigaction rt_sigprocmask rt_sigreturn rt_sigpending rt_sigsuspend rt_sigtimedwait rt_sigqueueinfo
      rt_tgsigqueueinfo sigaltstack signalfd signalfd4
      pause restart_syscall pidfd_open pidfd_send_signal
      getpid getppid gettid getpgid setpgid getpgrp getsid setsid
      getuid geteuid getgid getegid getresuid getresgid
      setuid setgid setreuid setregid setresuid setresgid setfsuid setfsgid
      getgroups setgroups capget capset prctl arch_prctl modify_ldt
      set_tid_address set_robust_list get_robust_list set_thread_area get_thread_area rseq
      futex futex_waitv futex_wake futex_wait futex_requeue
      getrlimit setrlimit prlimit64 getrusage getpriority setpriority times sysinfo uname
      getrandom getcpu seccomp ioprio_get ioprio_set
      sched_yield sched_getaffinity sched_setaffinity sched_getparam sched_setparam sched_getscheduler
      sched_setscheduler sched_get_priority_max sched_get_priority_min sched_rr_get_interval
      sched_getattr sched_setattr
      time gettimeofday clock_gettime clock_getres clock_nanosleep
      nanosleep adjtimex clock_adjtime alarm getitimer setitimer
      timer_create timer_delete timer_gettime timer_settime timer_getoverrun
      timerfd_create timerfd_gettime timerfd_settime
      poll ppoll select pselect6
      epoll_create epoll_create1 epoll_ctl epoll_wait epoll_pwait epoll_pwait2 eventfd eventfd2
      io_setup io_destroy io_submit io_cancel io_getevents io_pgetevents
      socket socketpair bind listen accept accept4 connect shutdown getsockname getpeername
      getsockopt setsockopt sendto sendmsg sendmmsg recvfrom recvmsg recvmmsg
      shmget shmat shmdt shmctl semget semop semtimedop semctl
      msgget msgsnd msgrcv msgctl mq_open mq_unlink mq_timedsend mq_timedreceive
      mq_notify mq_getsetattr
      chroot landlock_create_ruleset landlock_add_rule landlock_restrict_self
      """;

  /**
   * Allowed too, but only i386 has them (the 32-bit variants of the calls above, socketcall and ipc): listed only
   * in a filter that covers the i386 ABI, since on x86-64 and x32 libseccomp has nothing to compile them to.
   */
  private static final String ALLOWED_I386 = """
      _llseek fcntl64 stat64 fstat64 lstat64 fstatat64 statfs64 fstatfs64 chown32 fchown32 lchown32 truncate64
      ftruncate64 fadvise64_64 sendfile64 utimensat_time64 mmap2 waitpid rt_sigtimedwait_time64 sigreturn
      sigprocmask getuid32 geteuid32 getgid32 getegid32 getresuid32 getresgid32 setuid32 setgid32 setreuid32
      setregid32 setresuid32 setresgid32 setfsuid32 setfsgid32 getgroups32 setgroups32 futex_time64 ugetrlimit
      sched_rr_get_interval_time64 clock_gettime64 clock_getres_time64 clock_nanosleep_time64 clock_adjtime64
      timer_gettime64 timer_settime64 timerfd_gettime64 timerfd_settime64 ppoll_time64 _newselect pselect6_time64
      io_pgetevents_time64 socketcall send recv recvmmsg_time64 ipc semtimedop_time64 mq_timedsend_time64
      mq_timedreceive_time64
      """;

  /** Allowed only when the container holds the capability that the kernel checks for them. */
  private static final Map<String, String> BY_CAPABILITY = Map.of(
      "CAP_SYS_ADMIN", "mount umount umount2 unshare setns sethostname setdomainname quotactl quotactl_fd "
          + "fsopen fsconfig fsmount fspick open_tree move_mount mount_setattr fanotify_init lookup_dcookie "
          + "bpf perf_event_open syslog",
      "CAP_SYS_PTRACE", "ptrace process_vm_readv process_vm_writev kcmp pidfd_getfd process_madvise",
      "CAP_SYS_MODULE", "init_module finit_module delete_module",
      "CAP_SYS_BOOT", "reboot",
      "CAP_SYS_TIME", "settimeofday stime clock_settime clock_settime64",
      "CAP_SYS_PACCT", "acct",
      "CAP_SYS_RAWIO", "iopl ioperm",
      "CAP_SYS_NICE", "mbind get_mempolicy set_mempolicy set_mempolicy_home_node move_pages",
      "CAP_SYS_TTY_CONFIG", "vhangup",
      "CAP_DAC_READ_SEARCH", "open_by_handle_at");

  /** The two further capabilities that open one syscall each (Linux 5.8 split them from SYS_ADMIN). */
  private static final Map<String, String> SPLIT_CAPABILITIES = Map.of(
      "CAP_SYSLOG", "syslog", "CAP_BPF", "bpf", "CAP_PERFMON", "perf_event_open");

  /** The personalities a container may pick: Linux, with ADDR_NO_RANDOMIZE, UNAME26, and the query. */
  private static final long[] PERSONALITIES = {0x0L, 0x8L, 0x20000L, 0x20008L, 0xffffffffL};

  /**
   * The ABI of an x86-64 process. An x32 system call (x86-64's audit architecture with bit 30 set in the call
   * number) falls outside this filter and gets libseccomp's bad-architecture action: the process is killed.
   */
  public static final List<String> ARCHITECTURES = List.of("SCMP_ARCH_X86_64");

  /** With the i386 ABI too. */
  public static final List<String> ARCHITECTURES_WITH_I386 = List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86");

  /** The filter for a container holding these capabilities (CAP_ names), for x86-64 processes. */
  public static Seccomp forCapabilities(List<String> caps) {
    return forCapabilities(caps, false, false);
  }

  /** The filter for a container holding these capabilities; {@code i386} adds the i386 ABI. */
  public static Seccomp forCapabilities(List<String> caps, boolean i386) {
    return forCapabilities(caps, i386, false);
  }

  /**
   * The filter for a container holding these capabilities; {@code i386} and {@code x32} add those ABIs, with the
   * same rules (all three together are Docker's list of architectures).
   */
  public static Seccomp forCapabilities(List<String> caps, boolean i386, boolean x32) {
    List<Syscall> rules = new ArrayList<>();
    List<String> allowed = new ArrayList<>(names(ALLOWED));
    if (i386) allowed.addAll(names(ALLOWED_I386));
    rules.add(allow(allowed));
    for (long persona : PERSONALITIES) {
      rules.add(new Syscall(List.of("personality"), "SCMP_ACT_ALLOW", null, List.of(new Arg(0, persona, 0, "SCMP_CMP_EQ"))));
    }
    boolean sysAdmin = caps.contains("CAP_SYS_ADMIN");
    if (sysAdmin) {
      rules.add(allow(List.of("clone", "clone3")));
    } else {
      rules.add(new Syscall(List.of("clone"), "SCMP_ACT_ALLOW", null,
          List.of(new Arg(0, CLONE_NAMESPACE_FLAGS, 0, "SCMP_CMP_MASKED_EQ"))));
      // clone3 passes its flags in memory seccomp cannot read: ENOSYS makes libc fall back to clone.
      rules.add(new Syscall(List.of("clone3"), "SCMP_ACT_ERRNO", ENOSYS, null));
    }
    BY_CAPABILITY.forEach((cap, names) -> {
      if (caps.contains(cap)) {
        rules.add(allow(names(names)));
      }
    });
    SPLIT_CAPABILITIES.forEach((cap, names) -> {
      if (caps.contains(cap)) {
        rules.add(allow(names(names)));
      }
    });
    List<String> architectures = new ArrayList<>(i386 ? ARCHITECTURES_WITH_I386 : ARCHITECTURES);
    if (x32) architectures.add("SCMP_ARCH_X32");
    return new Seccomp("SCMP_ACT_ERRNO", EPERM, architectures, rules);
  }

  private static Syscall allow(List<String> names) {
    return new Syscall(names, "SCMP_ACT_ALLOW", null, null);
  }

  private static List<String> names(String text) {
    return List.of(text.trim().split("\\s+"));
  }

  /** Every syscall name the profile allows without capabilities, on every ABI, for tests and docs. */
  static List<String> allowedWithoutCapabilities() {
    List<String> all = new ArrayList<>(names(ALLOWED));
    all.addAll(names(ALLOWED_I386));
    return all;
  }
}
