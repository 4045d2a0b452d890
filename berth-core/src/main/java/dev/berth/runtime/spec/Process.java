package dev.berth.runtime.spec;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/**
 * The container's process (config.md "process"): what runs, as whom, with which capabilities and rlimits.
 * <pre>{"terminal": false, "user": {"uid": 0, "gid": 0}, "args": ["sh"], "env": ["PATH=/bin"], "cwd": "/",
 *  "capabilities": {…}, "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}],
 *  "noNewPrivileges": true, "oomScoreAdj": 0}</pre>
 * Also the document {@code runc exec --process} reads.
 */
public record Process(
    Boolean terminal,
    User user,
    List<String> args,
    List<String> env,
    String cwd,
    Capabilities capabilities,
    List<Rlimit> rlimits,
    Boolean noNewPrivileges,
    Integer oomScoreAdj,
    String apparmorProfile) {

  public Process {
    if (args == null || args.isEmpty()) {
      throw new IllegalArgumentException("runtime spec: process.args must name a program");
    }
    if (cwd == null || !cwd.startsWith("/")) {
      throw new IllegalArgumentException("runtime spec: process.cwd must be an absolute path, got " + cwd);
    }
    if (user == null) {
      throw new IllegalArgumentException("runtime spec: process.user is required");
    }
    args = List.copyOf(args);
    env = env == null ? List.of() : List.copyOf(env);
    rlimits = rlimits == null ? List.of() : List.copyOf(rlimits);
  }

  public Process withArgs(List<String> a) {
    return new Process(terminal, user, a, env, cwd, capabilities, rlimits, noNewPrivileges, oomScoreAdj, apparmorProfile);
  }

  public Process withEnv(List<String> e) {
    return new Process(terminal, user, args, e, cwd, capabilities, rlimits, noNewPrivileges, oomScoreAdj, apparmorProfile);
  }

  public Process withCwd(String c) {
    return new Process(terminal, user, args, env, c, capabilities, rlimits, noNewPrivileges, oomScoreAdj, apparmorProfile);
  }

  public Process withUser(User u) {
    return new Process(terminal, u, args, env, cwd, capabilities, rlimits, noNewPrivileges, oomScoreAdj, apparmorProfile);
  }

  public Process withTerminal(boolean t) {
    return new Process(t, user, args, env, cwd, capabilities, rlimits, noNewPrivileges, oomScoreAdj, apparmorProfile);
  }

  public Process withCapabilities(Capabilities c) {
    return new Process(terminal, user, args, env, cwd, c, rlimits, noNewPrivileges, oomScoreAdj, apparmorProfile);
  }

  public Process withRlimits(List<Rlimit> r) {
    return new Process(terminal, user, args, env, cwd, capabilities, r, noNewPrivileges, oomScoreAdj, apparmorProfile);
  }

  public Process withNoNewPrivileges(boolean n) {
    return new Process(terminal, user, args, env, cwd, capabilities, rlimits, n, oomScoreAdj, apparmorProfile);
  }

  public Process withOomScoreAdj(Integer o) {
    return new Process(terminal, user, args, env, cwd, capabilities, rlimits, noNewPrivileges, o, apparmorProfile);
  }

  /** The process's user (config.md "user"): numeric ids only, names are resolved before. */
  public record User(int uid, int gid, Integer umask, List<Integer> additionalGids) {
    public User {
      if (uid < 0 || gid < 0) {
        throw new IllegalArgumentException("runtime spec: negative uid/gid " + uid + ":" + gid);
      }
      additionalGids = additionalGids == null || additionalGids.isEmpty() ? null : List.copyOf(additionalGids);
    }

    public static final User ROOT = new User(0, 0, null, null);
  }

  /** The five capability sets (config.md "capabilities"); names carry the CAP_ prefix. */
  public record Capabilities(
      List<String> bounding, List<String> effective, List<String> inheritable, List<String> permitted, List<String> ambient) {
    public Capabilities {
      bounding = bounding == null ? null : List.copyOf(bounding);
      effective = effective == null ? null : List.copyOf(effective);
      inheritable = inheritable == null ? null : List.copyOf(inheritable);
      permitted = permitted == null ? null : List.copyOf(permitted);
      ambient = ambient == null ? null : List.copyOf(ambient);
    }

    /** Docker's shape: the same set bounding, effective and permitted; nothing inheritable or ambient. */
    public static Capabilities of(List<String> caps) {
      return new Capabilities(caps, caps, null, caps, null);
    }
  }

  /** One POSIX rlimit (config.md "rlimits"), e.g. RLIMIT_NOFILE. */
  public record Rlimit(
      String type,
      @JsonSerialize(using = UnsignedLongJson.Writer.class) @JsonDeserialize(using = UnsignedLongJson.Reader.class) long hard,
      @JsonSerialize(using = UnsignedLongJson.Writer.class) @JsonDeserialize(using = UnsignedLongJson.Reader.class) long soft) {
    /** RLIM_INFINITY, as a long. */
    public static final long UNLIMITED = -1L;

    public Rlimit {
      if (type == null || !type.startsWith("RLIMIT_")) {
        throw new IllegalArgumentException("runtime spec: rlimit type must start with RLIMIT_, got " + type);
      }
      if (Long.compareUnsigned(soft, hard) > 0) {
        throw new IllegalArgumentException("runtime spec: " + type + " soft limit " + soft + " above hard limit " + hard);
      }
    }
  }
}
