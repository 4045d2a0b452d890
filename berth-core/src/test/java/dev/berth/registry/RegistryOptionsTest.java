package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RegistryOptionsTest {
  @Test
  void plainHttpAllowed_loopbackHosts_always() {
    RegistryOptions o = RegistryOptions.defaults();

    assertThat(o.plainHttpAllowed("localhost:5000")).isTrue();
    assertThat(o.plainHttpAllowed("127.0.0.1:41000")).isTrue();
    assertThat(o.plainHttpAllowed("[::1]:5000")).isTrue();
    assertThat(o.plainHttpAllowed("127.0.0.2:5000")).isFalse();
    assertThat(o.plainHttpAllowed("docker.io")).isFalse();
  }

  @Test
  void plainHttpAllowed_listedInsecureRegistry_byHostOrHostAndPort() {
    RegistryOptions o = RegistryOptions.defaults().withInsecureRegistries(Set.of("reg.example:5000", "other.example"));

    assertThat(o.plainHttpAllowed("reg.example:5000")).isTrue();
    assertThat(o.plainHttpAllowed("reg.example:5001")).isFalse();
    assertThat(o.plainHttpAllowed("other.example:443")).isTrue();
  }
}
