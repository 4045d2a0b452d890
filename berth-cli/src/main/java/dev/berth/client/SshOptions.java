package dev.berth.client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How to run the ssh client for an {@code ssh://} daemon host. Berth runs the system's OpenSSH client rather
 * than an ssh library so that {@code ~/.ssh/config}, keys, the agent and {@code known_hosts} work exactly as
 * they do for {@code ssh} itself.
 *
 * @param client the ssh program and any options of the user's to put first: {@code [ssh]} by default, or the
 *     words of {@code BERTH_SSH_COMMAND} (as git's {@code GIT_SSH_COMMAND}: {@code ssh -F ~/work/ssh_config})
 * @param identity the private key file of {@code -i/--identity}, or null for ssh's own choice
 */
public record SshOptions(List<String> client, Path identity) {
  /** The environment variable that replaces the {@code ssh} command, split on white space. */
  public static final String COMMAND_ENV = "BERTH_SSH_COMMAND";

  /** What runs on the remote host: the bridge from ssh's stdio to the remote daemon's socket. */
  static final List<String> REMOTE_COMMAND = List.of("berth", "system", "dial-stdio");

  public SshOptions {
    client = List.copyOf(client);
    if (client.isEmpty()) throw new IllegalArgumentException("ssh options: the ssh command is empty");
  }

  /** The defaults: {@code ssh} from the PATH, no identity. */
  public static SshOptions defaults() {
    return new SshOptions(List.of("ssh"), null);
  }

  /** The options from the environment ({@code BERTH_SSH_COMMAND}) and the {@code -i} flag (may be null). */
  public static SshOptions from(Map<String, String> env, Path identity) {
    String command = env.get(COMMAND_ENV);
    List<String> client = command == null || command.isBlank() ? List.of("ssh") : Arrays.asList(command.strip().split("\\s+"));
    return new SshOptions(client, identity);
  }

  /**
   * The command line that opens the bridge to {@code address}. {@code BatchMode=yes} because nobody can
   * answer a prompt: ssh's stdin and stdout carry HTTP, so an unknown host key or a key that needs a
   * passphrase fails at once instead of hanging. {@code -T} because the bridge carries bytes, not a
   * terminal. {@code --} ends the options, so the destination can never be read as one.
   */
  public List<String> command(SshAddress address) {
    List<String> argv = new ArrayList<>(client);
    argv.addAll(List.of("-o", "BatchMode=yes", "-o", "ConnectTimeout=30", "-T"));
    if (address.port() != 0) argv.addAll(List.of("-p", Integer.toString(address.port())));
    if (identity != null) argv.addAll(List.of("-i", identity.toString()));
    argv.add("--");
    argv.add(address.destination());
    argv.addAll(REMOTE_COMMAND);
    return List.copyOf(argv);
  }
}
