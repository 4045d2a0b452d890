package dev.berth.runtime.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResolvConfTest {
  @Test
  void forContainer_loopbackNameservers_areRemovedAndOthersKept() {
    String host = "# managed\nnameserver 127.0.0.53\nnameserver 10.0.0.2\nnameserver ::1\nsearch example.org\noptions edns0\n";
    assertThat(ResolvConf.forContainer(host, false))
        .isEqualTo("# managed\nnameserver 10.0.0.2\nsearch example.org\noptions edns0\n");
  }

  @Test
  void forContainer_onlyLoopbackLeft_addsDockersFallback() {
    assertThat(ResolvConf.forContainer("nameserver 127.0.0.1\nsearch lan\n", false))
        .isEqualTo("search lan\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n");
  }

  @Test
  void forContainer_withIpv6AndNoneLeft_addsIpv6FallbackToo() {
    assertThat(ResolvConf.forContainer("nameserver 0:0:0:0:0:0:0:1\n", true)).isEqualTo(
        "nameserver 8.8.8.8\nnameserver 8.8.4.4\nnameserver 2001:4860:4860::8888\nnameserver 2001:4860:4860::8844\n");
  }

  @Test
  void forContainer_ipv6NameserverWithoutIpv6_isRemoved() {
    assertThat(ResolvConf.forContainer("nameserver fd00::1\nnameserver 192.168.1.1\n", false))
        .isEqualTo("nameserver 192.168.1.1\n");
    assertThat(ResolvConf.forContainer("nameserver fd00::1\n", true)).isEqualTo("nameserver fd00::1\n");
  }

  @Test
  void forContainer_emptyHostFile_getsFallback() {
    assertThat(ResolvConf.forContainer("", false)).isEqualTo("nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
  }

  @Test
  void isLoopback_spellings_areRecognisedWithoutLookup() {
    assertThat(ResolvConf.isLoopback("127.1.2.3")).isTrue();
    assertThat(ResolvConf.isLoopback("::0001")).isTrue();
    assertThat(ResolvConf.isLoopback("::1%lo")).isTrue();
    assertThat(ResolvConf.isLoopback("::ffff:127.0.0.1")).isTrue();
    assertThat(ResolvConf.isLoopback("10.127.0.1")).isFalse();
    assertThat(ResolvConf.isLoopback("::11")).isFalse();
    assertThat(ResolvConf.isLoopback("dns.example")).isFalse();
  }
}
