package dev.berth.client;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns a failed ssh bridge (ssh's exit status and what it wrote to stderr) into one line that says what went
 * wrong and what to do about it. ssh exits with 255 for its own failures (host key, login, network) and with
 * the remote command's status otherwise: 127 when the remote shell found no {@code berth}, 1 when the
 * remote {@code berth system dial-stdio} could not reach its daemon.
 */
final class SshFailures {
  private SshFailures() {}

  /**
   * The message for a bridge that ended before or while carrying the daemon's answer.
   *
   * @param exit ssh's exit status
   * @param stderr what ssh and the remote command wrote to stderr
   */
  static String describe(SshAddress address, int exit, String stderr) {
    return "Cannot connect to the Berth daemon at " + address + ": " + reason(address, exit, stderr);
  }

  private static String reason(SshAddress address, int exit, String stderr) {
    String s = stderr.toLowerCase(Locale.ROOT);
    String where = address.host() + (address.port() == 0 ? "" : " port " + address.port());
    if (s.contains("remote host identification has changed") || s.contains("host key for") && s.contains("has changed")) {
      return "the host key of " + where + " does not match the one in known_hosts (the host was reinstalled, or someone is"
          + " intercepting the connection): check it, then remove the old key with ssh-keygen -R";
    }
    if (s.contains("host key verification failed") || s.contains("host key is known")) {
      return "the host key of " + where + " is not known: run `" + address.sshCommandLine() + "` once to check and accept it";
    }
    if (s.contains("permission denied")) {
      return "ssh refused the login as " + address.destination() + " (" + lastLine(stderr)
          + "): check the key (-i FILE, ssh-agent or ~/.ssh/config) and the remote authorized_keys";
    }
    if (s.contains("connection refused")) return "connection refused by " + where + ": is sshd running there?";
    if (s.contains("could not resolve hostname")) return "unknown host " + address.host() + " (" + lastLine(stderr) + ")";
    if (s.contains("timed out")) return "no answer from " + where + " (" + lastLine(stderr) + ")";
    if (s.contains("no route to host") || s.contains("network is unreachable")) return "cannot reach " + where + " (" + lastLine(stderr) + ")";
    if (exit == 127 || s.contains("command not found")) {
      return "the remote host has no `berth` on its PATH: install Berth there (ssh runs `berth system dial-stdio`)";
    }
    if (s.contains("cannot connect to the berth daemon") || s.contains("is berthd running")) {
      return "the remote berth cannot reach its daemon: " + lastLine(stderr);
    }
    if (exit == 255) return "ssh failed: " + (stderr.isBlank() ? "exit status 255" : lastLine(stderr));
    return "the remote `berth system dial-stdio` failed with exit status " + exit + (stderr.isBlank() ? "" : ": " + lastLine(stderr));
  }

  /** The last meaningful line of stderr, where ssh and berth put their verdict. */
  static String lastLine(String stderr) {
    String[] lines = Arrays.stream(stderr.split("\\R")).map(String::strip).filter(l -> !l.isEmpty()).toArray(String[]::new);
    if (lines.length == 0) return "no message";
    return Arrays.stream(lines, Math.max(0, lines.length - 1), lines.length).collect(Collectors.joining(" "));
  }
}
