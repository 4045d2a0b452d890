package dev.berth.runtime.specgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostFactsTest {
  @Test
  void parseLimits_procTable_readsSoftAndHardWithUnlimited() {
    var limits = HostFacts.parseLimits(List.of(
        "Limit                     Soft Limit           Hard Limit           Units     ",
        "Max core file size        0                    unlimited            bytes     ",
        "Max open files            1024                 20000                files     ",
        "Max realtime timeout      unlimited            unlimited            us        "));
    assertThat(limits.get("RLIMIT_NOFILE")).isEqualTo(new HostFacts.Limit(1024, 20000));
    assertThat(limits.get("RLIMIT_CORE")).isEqualTo(new HostFacts.Limit(0, -1));
    assertThat(limits.get("RLIMIT_RTTIME")).isEqualTo(new HostFacts.Limit(-1, -1));
  }

  @Test
  void parseBounding_statusLine_readsTheHexMask() {
    long mask = HostFacts.parseBounding(List.of("CapEff:\t000001fffeffffff", "CapBnd:\t000001fffeffffff"));
    HostFacts host = new HostFacts(java.util.Map.of(), 1, mask);
    assertThat(host.hasCapability("CAP_SYS_ADMIN")).isTrue();
    assertThat(host.hasCapability("CAP_SYS_RESOURCE")).isFalse();
  }

  @Test
  void current_thisProcess_hasANofileLimitAndCpus() {
    HostFacts host = HostFacts.current();
    assertThat(host.limits()).containsKey("RLIMIT_NOFILE");
    assertThat(host.cpus()).isPositive();
  }
}
