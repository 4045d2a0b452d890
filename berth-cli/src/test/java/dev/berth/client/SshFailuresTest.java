package dev.berth.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The messages for ssh's real stderr texts (OpenSSH 9.2). */
class SshFailuresTest {
  private static final SshAddress BOX = new SshAddress("root", "box", 2222);
  private static final String PREFIX = "Cannot connect to the Berth daemon at ssh://root@box:2222: ";

  @Test
  void describe_unknownHostKey_saysHowToAcceptIt() {
    String stderr = "No ED25519 host key is known for [box]:2222 and you have requested strict checking.\nHost key verification failed.\n";
    assertThat(SshFailures.describe(BOX, 255, stderr))
        .isEqualTo(PREFIX + "the host key of box port 2222 is not known: run `ssh -p 2222 root@box` once to check and accept it");
  }

  @Test
  void describe_changedHostKey_warnsOfInterception() {
    String stderr = "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
        + "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n"
        + "Host key for [box]:2222 has changed and you have requested strict checking.\nHost key verification failed.\n";
    assertThat(SshFailures.describe(BOX, 255, stderr)).startsWith(PREFIX + "the host key of box port 2222 does not match the one in known_hosts");
  }

  @Test
  void describe_refusedKey_namesTheLogin() {
    assertThat(SshFailures.describe(BOX, 255, "root@box: Permission denied (publickey).\n"))
        .isEqualTo(PREFIX + "ssh refused the login as root@box (root@box: Permission denied (publickey).): check the key"
            + " (-i FILE, ssh-agent or ~/.ssh/config) and the remote authorized_keys");
  }

  @Test
  void describe_networkFailures_sayWhichOne() {
    assertThat(SshFailures.describe(BOX, 255, "ssh: connect to host box port 2222: Connection refused\n"))
        .isEqualTo(PREFIX + "connection refused by box port 2222: is sshd running there?");
    assertThat(SshFailures.describe(BOX, 255, "ssh: Could not resolve hostname box: Name or service not known\n"))
        .isEqualTo(PREFIX + "unknown host box (ssh: Could not resolve hostname box: Name or service not known)");
  }

  @Test
  void describe_remoteCommandFailures_blameTheRemoteSide() {
    assertThat(SshFailures.describe(BOX, 127, "bash: line 1: berth: command not found\n"))
        .isEqualTo(PREFIX + "the remote host has no `berth` on its PATH: install Berth there (ssh runs `berth system dial-stdio`)");
    assertThat(SshFailures.describe(BOX, 1, "Cannot connect to the Berth daemon at unix:///run/berth/berth.sock. Is berthd running?\n"))
        .isEqualTo(PREFIX + "the remote berth cannot reach its daemon: Cannot connect to the Berth daemon at unix:///run/berth/berth.sock. Is berthd running?");
    assertThat(SshFailures.describe(BOX, 2, "")).isEqualTo(PREFIX + "the remote `berth system dial-stdio` failed with exit status 2");
  }
}
