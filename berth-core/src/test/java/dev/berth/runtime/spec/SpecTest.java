package dev.berth.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.runtime.spec.Process.Rlimit;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The records read and write the member names of runtime-spec config.md and config-linux.md. */
class SpecTest {
  /** A config.json in the shape runc's own "runc spec" writes, trimmed. */
  private static final String RUNC_STYLE = """
      {"ociVersion": "1.0.2-dev",
       "process": {"terminal": true, "user": {"uid": 0, "gid": 0, "additionalGids": [5]}, "args": ["sh"],
         "env": ["PATH=/bin", "TERM=xterm"], "cwd": "/",
         "capabilities": {"bounding": ["CAP_KILL"], "effective": ["CAP_KILL"], "permitted": ["CAP_KILL"],
           "ambient": ["CAP_KILL"]},
         "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 18446744073709551615, "soft": 1024}],
         "noNewPrivileges": true, "oomScoreAdj": -10},
       "root": {"path": "rootfs", "readonly": true},
       "hostname": "runc",
       "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"}],
       "linux": {"resources": {"devices": [{"allow": false, "access": "rwm"}],
                   "memory": {"limit": 1048576}, "pids": {"limit": 10}},
                 "namespaces": [{"type": "pid"}, {"type": "network", "path": "/proc/1/ns/net"}],
                 "cgroupsPath": "/berth/x", "sysctl": {"net.ipv4.ip_forward": "1"},
                 "maskedPaths": ["/proc/kcore"], "readonlyPaths": ["/proc/sys"],
                 "seccomp": {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
                   "syscalls": [{"names": ["clone"], "action": "SCMP_ACT_ALLOW",
                     "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]}]},
                 "uidMappings": []}}
      """;

  @Test
  void fromJson_runcStyleConfig_readsEveryMemberBerthUses() {
    Spec spec = Spec.fromJson(RUNC_STYLE.getBytes(StandardCharsets.UTF_8));
    assertThat(spec.process().terminal()).isTrue();
    assertThat(spec.process().user().additionalGids()).containsExactly(5);
    assertThat(spec.process().capabilities().ambient()).containsExactly("CAP_KILL");
    assertThat(spec.process().rlimits()).containsExactly(new Rlimit("RLIMIT_NOFILE", Rlimit.UNLIMITED, 1024));
    assertThat(spec.process().noNewPrivileges()).isTrue();
    assertThat(spec.process().oomScoreAdj()).isEqualTo(-10);
    assertThat(spec.root()).isEqualTo(new Root("rootfs", true));
    assertThat(spec.linux().namespaces()).contains(new Linux.Namespace("network", "/proc/1/ns/net"));
    assertThat(spec.linux().cgroupsPath()).isEqualTo("/berth/x");
    assertThat(spec.linux().resources().memory().limit()).isEqualTo(1048576);
    assertThat(spec.linux().resources().pids().limit()).isEqualTo(10);
    assertThat(spec.linux().sysctl()).containsEntry("net.ipv4.ip_forward", "1");
    assertThat(spec.linux().seccomp().syscalls().getFirst().args().getFirst().value()).isEqualTo(0x7E020000L);
  }

  @Test
  void toJson_spec_writesSpecMemberNamesAndOmitsNulls() {
    Spec spec = Spec.fromJson(RUNC_STYLE.getBytes(StandardCharsets.UTF_8));
    String json = new String(spec.toJson(), StandardCharsets.UTF_8);
    assertThat(json).contains("\"ociVersion\":\"1.0.2-dev\"", "\"noNewPrivileges\":true", "\"oomScoreAdj\":-10",
        "\"cgroupsPath\":\"/berth/x\"", "\"maskedPaths\":[\"/proc/kcore\"]", "\"readonlyPaths\":[\"/proc/sys\"]",
        "\"hard\":18446744073709551615", "\"valueTwo\":0", "\"additionalGids\":[5]");
    assertThat(json).doesNotContain("null", "\"hooks\"", "\"inheritable\"");
    assertThat(Spec.fromJson(spec.toJson())).isEqualTo(spec);
  }

  @Test
  void records_invalidValues_areRejectedWithTheMemberNamed() {
    assertThatThrownBy(() -> new Root("", false)).hasMessageContaining("root.path");
    assertThatThrownBy(() -> new Mount("proc", "proc", "proc", List.of())).hasMessageContaining("mount destination must be absolute");
    assertThatThrownBy(() -> new Linux.Namespace("net", null)).hasMessageContaining("unknown namespace type net");
    assertThatThrownBy(() -> new Rlimit("NOFILE", 1, 1)).hasMessageContaining("RLIMIT_");
    assertThatThrownBy(() -> new Rlimit("RLIMIT_NOFILE", 1, 2)).hasMessageContaining("soft limit 2 above hard limit 1");
    assertThatThrownBy(() -> new Resources.DeviceRule(true, "x", null, null, "rwm")).hasMessageContaining("a, c or b");
    assertThatThrownBy(() -> new Seccomp("SCMP_ACT_NOPE", null, null, null)).hasMessageContaining("SCMP_ACT_NOPE");
    assertThatThrownBy(() -> new Seccomp.Arg(6, 0, 0, "SCMP_CMP_EQ")).hasMessageContaining("0..5");
    assertThatThrownBy(() -> Spec.fromJson("{\"ociVersion\": \"1.0.2\", \"process\": {\"args\": []}}".getBytes()))
        .hasMessageContaining("process.args");
  }
}
