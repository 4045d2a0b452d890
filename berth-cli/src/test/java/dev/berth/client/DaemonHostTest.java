package dev.berth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DaemonHostTest {
  @Test
  void resolve_flagGiven_winsOverEnvironment() {
    DaemonHost host = DaemonHost.resolve("unix:///tmp/a.sock", Map.of("BERTH_HOST", "unix:///tmp/b.sock", "DOCKER_HOST", "unix:///tmp/c.sock"));
    assertThat(host.address()).isEqualTo(UnixDomainSocketAddress.of(Path.of("/tmp/a.sock")));
  }

  @Test
  void resolve_berthHostSet_winsOverDockerHost() {
    DaemonHost host = DaemonHost.resolve(null, Map.of("BERTH_HOST", "unix:///tmp/b.sock", "DOCKER_HOST", "unix:///tmp/c.sock"));
    assertThat(host.uri()).isEqualTo("unix:///tmp/b.sock");
  }

  @Test
  void resolve_onlyDockerHost_usesIt() {
    assertThat(DaemonHost.resolve("", Map.of("BERTH_HOST", " ", "DOCKER_HOST", "unix:///tmp/c.sock")).uri()).isEqualTo("unix:///tmp/c.sock");
  }

  @Test
  void resolve_nothingSet_usesDefaultSocket() {
    assertThat(DaemonHost.resolve(null, Map.of()).address()).isEqualTo(UnixDomainSocketAddress.of(Path.of("/run/berth/berth.sock")));
  }

  @Test
  void parse_tcp_givesHostAndPort() {
    InetSocketAddress inet = (InetSocketAddress) DaemonHost.parse("tcp://127.0.0.1:2375").address();
    assertThat(inet.getHostString()).isEqualTo("127.0.0.1");
    assertThat(inet.getPort()).isEqualTo(2375);
  }

  @Test
  void parse_unknownScheme_saysWhatIsExpected() {
    assertThatThrownBy(() -> DaemonHost.parse("npipe:////./pipe/docker"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("npipe:").hasMessageContaining("unix:///path/to/socket").hasMessageContaining("ssh://user@host[:port]");
  }

  @Test
  void parse_ssh_givesAnSshAddress() {
    DaemonHost host = DaemonHost.parse("ssh://deploy@box.example:2222");
    assertThat(host.address()).isEqualTo(new SshAddress("deploy", "box.example", 2222));
    assertThat(host.uri()).isEqualTo("ssh://deploy@box.example:2222");
  }

  @Test
  void resolve_dockerHostSsh_isUsed() {
    assertThat(DaemonHost.resolve(null, Map.of("DOCKER_HOST", "ssh://box")).address()).isEqualTo(new SshAddress(null, "box", 0));
  }

  @Test
  void parse_relativeUnixPath_isRejected() {
    assertThatThrownBy(() -> DaemonHost.parse("unix://relative.sock")).hasMessageContaining("must be absolute");
  }
}
