package dev.berth.runtime.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.runtime.specgen.SeccompMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityOptsTest {
  @Test
  void parse_nothing_isDefaultSeccompWithNewPrivileges() {
    assertThat(SecurityOpts.parse(List.of())).isEqualTo(new SecurityOpts(false, new SeccompMode.Default()));
  }

  @Test
  void parse_noNewPrivilegesForms_setTheFlag() {
    assertThat(SecurityOpts.parse(List.of("no-new-privileges")).noNewPrivileges()).isTrue();
    assertThat(SecurityOpts.parse(List.of("no-new-privileges=true")).noNewPrivileges()).isTrue();
    assertThat(SecurityOpts.parse(List.of("no-new-privileges:true")).noNewPrivileges()).isTrue();
    assertThat(SecurityOpts.parse(List.of("no-new-privileges", "no-new-privileges=false")).noNewPrivileges()).isFalse();
  }

  @Test
  void parse_seccompUnconfined_isUnconfined() {
    assertThat(SecurityOpts.parse(List.of("seccomp=unconfined")).seccomp()).isEqualTo(new SeccompMode.Unconfined());
    assertThat(SecurityOpts.parse(List.of("seccomp:unconfined")).seccomp()).isEqualTo(new SeccompMode.Unconfined());
  }

  @Test
  void parse_seccompProfileJson_isCustom() {
    SeccompMode mode = SecurityOpts.parse(List.of(
        "seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_ERRNO\"}]}")).seccomp();
    assertThat(mode).isInstanceOfSatisfying(SeccompMode.Custom.class, c -> {
      assertThat(c.profile().defaultAction()).isEqualTo("SCMP_ACT_ALLOW");
      assertThat(c.profile().syscalls().getFirst().names()).containsExactly("mkdir");
    });
  }

  @Test
  void parse_badOptions_areRefusedNamingThem() {
    assertThatThrownBy(() -> SecurityOpts.parse(List.of("bogus")))
        .isInstanceOf(InvalidArgumentException.class).hasMessage("invalid --security-opt \"bogus\": expected key=value");
    assertThatThrownBy(() -> SecurityOpts.parse(List.of("foo=bar")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("unknown option 'foo'");
    assertThatThrownBy(() -> SecurityOpts.parse(List.of("no-new-privileges=maybe")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("true or false");
    assertThatThrownBy(() -> SecurityOpts.parse(List.of("seccomp=/etc/profile.json")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("JSON profile");
    assertThatThrownBy(() -> SecurityOpts.parse(List.of("seccomp={\"defaultAction\":\"NOPE\"}")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("the profile is not valid");
    assertThatThrownBy(() -> SecurityOpts.parse(List.of("apparmor=docker-default")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("AppArmor profiles are not supported");
  }

  @Test
  void parse_unconfinedApparmorAndDisabledLabel_areAccepted() {
    assertThat(SecurityOpts.parse(List.of("apparmor=unconfined", "label=disable")))
        .isEqualTo(new SecurityOpts(false, new SeccompMode.Default()));
  }
}
