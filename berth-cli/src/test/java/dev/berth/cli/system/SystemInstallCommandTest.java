package dev.berth.cli.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth system install --prefix}: the unit lands under the prefix, names a real launcher, and systemd accepts it. */
class SystemInstallCommandTest {
  @TempDir Path prefix;

  @Test
  void install_withPrefix_writesAUnitThatSystemdAnalyzeVerifies() throws Exception {
    CliRun r = CliRun.run((String) null, "system", "install", "--prefix", prefix.toString());
    assertThat(r.status()).as(r.out() + r.err()).isZero();
    Path unit = prefix.resolve("etc/systemd/system/berthd.service");
    assertThat(r.out()).contains("Wrote " + unit).contains("Not reloading systemd");
    String text = Files.readString(unit);
    String execStart = text.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow().substring("ExecStart=".length());
    Path launcher = Path.of(execStart);
    assertThat(launcher).isAbsolute().endsWith(Path.of("bin", "berthd"));
    assertThat(Files.isExecutable(launcher)).as("the launcher the unit names: " + launcher).isTrue();
    assertThat(Files.readString(launcher)).as("the launcher is bin/berthd").contains("Runs the Berth daemon");
    assertThat(text).contains("KillMode=process", "WantedBy=multi-user.target");

    Process verify = new ProcessBuilder("systemd-analyze", "verify", unit.toString()).redirectErrorStream(true).start();
    String output = new String(verify.getInputStream().readAllBytes());
    assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(verify.exitValue()).as(output).isZero();
    assertThat(output).as("systemd-analyze's complaints").doesNotContain("berthd.service:");
  }

  @Test
  void install_missingLauncher_failsAndWritesNothing() throws Exception {
    CliRun r = CliRun.run((String) null, "system", "install", "--prefix", prefix.toString(), "--berthd", prefix.resolve("nope/berthd").toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("berthd launcher " + prefix.resolve("nope/berthd") + " does not exist");
    assertThat(prefix.resolve("etc/systemd/system/berthd.service")).doesNotExist();
  }
}
