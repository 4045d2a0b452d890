package dev.berth.runtime.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConmonLauncherTest {
  private final MonitorSpec spec = MonitorSpec.of("c1", Path.of("/b"), Path.of("/b/c1.log"));

  @Test
  void argv_terminalStdinAndCap_passesConmonsFlags() {
    ConmonLauncher launcher = new ConmonLauncher(Path.of("/usr/bin/conmon"), Path.of("/usr/sbin/runc"), Path.of("/run/b/runc"));
    ConmonFiles files = ConmonFiles.of(Path.of("/run/b"), "c1");
    var argv = launcher.argv(spec.withStdin(true).withTerminal(true).withLogSizeMax(1024), files);
    assertThat(String.join(" ", argv))
        .startsWith("/usr/bin/conmon --api-version 1 -c c1 -u c1 -n c1 -r /usr/sbin/runc -b /b")
        .contains("--exit-dir /run/b/exits", "--persist-dir /run/b/conmon/c1", "--full-attach")
        .contains("-l k8s-file:/b/c1.log", "--runtime-arg --root=/run/b/runc", "--runtime-arg --log=/run/b/conmon/c1/runc.log")
        .contains("--log-size-max 1024", "--stdin", "--terminal");
    assertThat(launcher.argv(spec, files)).doesNotContain("--stdin", "--terminal", "--log-size-max", "--socket-dir-path");
  }
}
