package dev.berth.network.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConntrackTableTest {
  /** /proc/net/nf_conntrack of an ambassador at 172.30.0.3 forwarding 6379 to 172.30.0.2 and 53/udp to 10.0.0.9. */
  private static final String TABLE = """
      ipv4     2 tcp      6 431999 ESTABLISHED src=172.30.0.4 dst=172.30.0.3 sport=40000 dport=6379 src=172.30.0.2 dst=172.30.0.3 sport=6379 dport=40000 [ASSURED] mark=0 zone=0 use=2
      ipv4     2 tcp      6 86399 CLOSE_WAIT src=172.30.0.5 dst=172.30.0.3 sport=40001 dport=6379 src=172.30.0.2 dst=172.30.0.3 sport=6379 dport=40001 [ASSURED] mark=0 zone=0 use=2
      ipv4     2 tcp      6 117 TIME_WAIT src=172.30.0.4 dst=172.30.0.3 sport=40002 dport=6379 src=172.30.0.2 dst=172.30.0.3 sport=6379 dport=40002 [ASSURED] mark=0 zone=0 use=2
      ipv4     2 tcp      6 119 SYN_SENT src=172.30.0.4 dst=172.30.0.3 sport=40003 dport=6379 [UNREPLIED] src=172.30.0.2 dst=172.30.0.3 sport=6379 dport=40003 mark=0 zone=0 use=2
      ipv4     2 tcp      6 431999 ESTABLISHED src=172.30.0.3 dst=172.30.0.2 sport=50000 dport=6379 src=172.30.0.2 dst=172.30.0.3 sport=6379 dport=50000 [ASSURED] mark=0 zone=0 use=2
      ipv4     2 udp      17 28 src=172.30.0.4 dst=172.30.0.3 sport=5000 dport=53 src=10.0.0.9 dst=172.30.0.3 sport=53 dport=5000 mark=0 zone=0 use=2
      """;

  @Test
  void openForwarded_countsOpenDnatedConnectionsOfThePort_notClosedNorUnansweredNorTheNamespacesOwn() {
    assertThat(ConntrackTable.openForwarded(TABLE, 6379, "tcp")).isEqualTo(2);
    assertThat(ConntrackTable.openForwarded(TABLE, 53, "udp")).isEqualTo(1);
    assertThat(ConntrackTable.openForwarded(TABLE, 53, "tcp")).isZero();
    assertThat(ConntrackTable.openForwarded("", 6379, "tcp")).isZero();
  }
}
