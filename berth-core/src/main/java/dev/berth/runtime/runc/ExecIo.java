package dev.berth.runtime.runc;

import java.nio.file.Path;

/**
 * The stdio of a foreground {@code runc exec}: which of its streams come back as pipes (the others are
 * /dev/null), and, for a process with a terminal, the slave of a pseudo-terminal that runc takes as its
 * "host console". runc relays the container's terminal between its own stdin/stdout pipes and the
 * process, and reads the terminal size from that console (again on each SIGWINCH).
 *
 * @param console the host-side terminal slave ({@code /dev/pts/N}), or null without a terminal
 */
public record ExecIo(boolean stdin, boolean stdout, boolean stderr, Path console) {
  /** Everything discarded: a detached process. */
  public static final ExecIo NONE = new ExecIo(false, false, false, null);

  /** Output captured, no input: a probe. */
  public static final ExecIo OUTPUT = new ExecIo(false, true, true, null);
}
