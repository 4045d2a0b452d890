package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinkEnvTest {
  @Test
  void env_twoPorts_lowestIsPortAndEachGetsItsVariables() {
    List<String> env = LinkEnv.env("web", "my-db", "10.0.0.5", List.of("8080/udp", "5432/tcp", "8080/tcp"),
        List.of("HOME=/root", "PATH=/bin", "PGDATA=/data", "BARE"));
    assertThat(env).containsExactly(
        "MY_DB_PORT=tcp://10.0.0.5:5432",
        "MY_DB_PORT_5432_TCP=tcp://10.0.0.5:5432", "MY_DB_PORT_5432_TCP_ADDR=10.0.0.5", "MY_DB_PORT_5432_TCP_PORT=5432",
        "MY_DB_PORT_5432_TCP_PROTO=tcp",
        "MY_DB_PORT_8080_TCP=tcp://10.0.0.5:8080", "MY_DB_PORT_8080_TCP_ADDR=10.0.0.5", "MY_DB_PORT_8080_TCP_PORT=8080",
        "MY_DB_PORT_8080_TCP_PROTO=tcp",
        "MY_DB_PORT_8080_UDP=udp://10.0.0.5:8080", "MY_DB_PORT_8080_UDP_ADDR=10.0.0.5", "MY_DB_PORT_8080_UDP_PORT=8080",
        "MY_DB_PORT_8080_UDP_PROTO=udp",
        "MY_DB_NAME=/web/my-db",
        "MY_DB_ENV_PGDATA=/data");
  }

  @Test
  void hostsLine_nameSameAsAlias_notRepeated() {
    assertThat(LinkEnv.hostsLine("db", "10.0.0.5", "abcdef123456", "db")).isEqualTo("10.0.0.5\tdb abcdef123456");
    assertThat(LinkEnv.hostsLine("db", "10.0.0.5", "abcdef123456", "redis")).isEqualTo("10.0.0.5\tdb abcdef123456 redis");
  }
}
