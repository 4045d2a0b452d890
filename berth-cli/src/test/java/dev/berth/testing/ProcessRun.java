package dev.berth.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command run as a process of its own (bin/berth, ssh, script, the docker CLI), with its exit status and what it
 * wrote. The output goes through files, not pipes, so a command that leaves a child holding its streams (an ssh
 * connection, a detached container's attach) cannot keep the test waiting. {@link CliRun} runs berth in this process
 * instead.
 */
public record ProcessRun(int exit, String out, String err) {
  /** Everything, for an assertion's description. */
  public String both() {
    return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
  }

  /**
   * Runs {@code cmd} and waits for it.
   *
   * @param dir where the output files go (deleted after they are read)
   * @param env the whole environment, or null for this process's
   * @param stdin the input, or null for /dev/null
   * @param timeout after which the command and its descendants are killed and the test fails
   */
  public static ProcessRun run(Path dir, Map<String, String> env, List<String> cmd, File stdin, Duration timeout) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(stdin == null ? new File("/dev/null") : stdin))
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      if (env != null) {
        pb.environment().clear();
        pb.environment().putAll(env);
      }
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", cmd) + " did not finish in " + timeout + ": " + Files.readString(out) + Files.readString(err));
      }
      return new ProcessRun(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
