package dev.berth.cli.ambassador;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.cli.CliException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmbassadorRetargetCommandTest {
  @Test
  void parse_portProtocolAndBackendsInOrder() {
    assertThat(AmbassadorRetargetCommand.parse("6379=tcp://10.0.0.7:6379"))
        .isEqualTo(new AmbassadorRetargetCommand.Target(6379, "tcp", List.of("tcp://10.0.0.7:6379")));
    assertThat(AmbassadorRetargetCommand.parse("53/udp=udp://a:53, udp://b:53"))
        .isEqualTo(new AmbassadorRetargetCommand.Target(53, "udp", List.of("udp://a:53", "udp://b:53")));
  }

  @Test
  void parse_badArguments_sayWhatIsWrong() {
    assertThatThrownBy(() -> AmbassadorRetargetCommand.parse("redis")).isInstanceOf(CliException.class).hasMessageContaining("want PORT=tcp://host:port");
    assertThatThrownBy(() -> AmbassadorRetargetCommand.parse("x=tcp://a:1")).isInstanceOf(CliException.class).hasMessageContaining("\"x\" is not a port number");
    assertThatThrownBy(() -> AmbassadorRetargetCommand.parse("0=tcp://a:1")).isInstanceOf(CliException.class).hasMessageContaining("out of range");
    assertThatThrownBy(() -> AmbassadorRetargetCommand.parse("80/sctp=tcp://a:1")).isInstanceOf(CliException.class).hasMessageContaining("tcp or udp");
  }
}
