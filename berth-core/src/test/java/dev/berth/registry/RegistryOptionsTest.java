package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void checkReachable_loopbackOnly_refusesOtherHostsAndAllowsLoopback() {
    RegistryOptions o = RegistryOptions.defaults().withLoopbackOnly(true);

    assertThatThrownBy(() -> o.checkReachable("docker.io")).isInstanceOf(RegistryException.class)
        .hasMessageContaining("registry docker.io is not reachable").hasMessageContaining("only registries on loopback");
    assertThatThrownBy(() -> o.checkReachable("10.0.0.1:5000")).isInstanceOf(RegistryException.class);
    assertThatCode(() -> o.checkReachable("127.0.0.1:5000")).doesNotThrowAnyException();
    assertThatCode(() -> o.checkReachable("127.0.0.2:5000")).doesNotThrowAnyException();
    assertThatCode(() -> o.checkReachable("localhost")).doesNotThrowAnyException();
    assertThatCode(() -> o.checkReachable("[::1]:5000")).doesNotThrowAnyException();
    assertThatCode(() -> RegistryOptions.defaults().checkReachable("docker.io")).doesNotThrowAnyException();
    assertThat(o.withInsecureRegistries(Set.of("x")).loopbackOnly()).isTrue();
  }
}
