package dev.berth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SshAddressTest {
  @Test
  void parse_userHostPort_keepsAllThree() {
    SshAddress a = SshAddress.parse("ssh://root@10.0.0.5:2222/");
    assertThat(a.user()).isEqualTo("root");
    assertThat(a.host()).isEqualTo("10.0.0.5");
    assertThat(a.port()).isEqualTo(2222);
    assertThat(a).hasToString("ssh://root@10.0.0.5:2222");
  }

  @Test
  void parse_hostOnly_leavesUserAndPortToSsh() {
    SshAddress a = SshAddress.parse("ssh://box");
    assertThat(a.user()).isNull();
    assertThat(a.port()).isZero();
    assertThat(a.destination()).isEqualTo("box");
    assertThat(a.sshCommandLine()).isEqualTo("ssh box");
  }

  @Test
  void parse_bracketedIpv6_readsHostAndPort() {
    SshAddress a = SshAddress.parse("ssh://me@[::1]:22");
    assertThat(a.host()).isEqualTo("::1");
    assertThat(a.port()).isEqualTo(22);
    assertThat(a).hasToString("ssh://me@[::1]:22");
  }

  @Test
  void parse_badPortOrPathOrDash_isRejectedNamingTheHost() {
    assertThatThrownBy(() -> SshAddress.parse("ssh://box:http")).hasMessageContaining("ssh://box:http").hasMessageContaining("bad port");
    assertThatThrownBy(() -> SshAddress.parse("ssh://box:70000")).hasMessageContaining("bad port");
    assertThatThrownBy(() -> SshAddress.parse("ssh://box/var/run")).hasMessageContaining("no path");
    assertThatThrownBy(() -> SshAddress.parse("ssh://-oProxyCommand=x")).hasMessageContaining("may not begin with '-'");
    assertThatThrownBy(() -> SshAddress.parse("ssh://root@")).hasMessageContaining("missing host");
  }
}
