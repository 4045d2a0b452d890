package dev.berth.daemon.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.Dom0Service.Outcome;
import dev.berth.engine.Dom0Service.Step;
import dev.berth.sys.HostName;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host name step's paths that change nothing: a missing file, a bad name, the name already set. (Setting it is
 * checked by Dom0HostIT, in a UTS namespace of its own: no test changes this machine's host name.)
 */
class HostSettingsTest {
  @TempDir Path root;

  @Test
  void applyHostname_noFile_isSkipped() {
    Step s = new HostSettings(new HostFiles(root)).applyHostname();
    assertThat(s.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(s.detail()).contains("host/etc/hostname");
  }

  @Test
  void applyHostname_invalidName_failsNamingTheFileAndTheProblem() throws Exception {
    HostFiles files = new HostFiles(root);
    Files.createDirectories(files.hostname().getParent());
    Files.writeString(files.hostname(), "\n  bad_name!\n");
    Step s = new HostSettings(files).applyHostname();
    assertThat(s.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(s.error()).contains(files.hostname().toString()).contains("\"bad_name!\" is not a valid host name");
  }

  @Test
  void applyHostname_theCurrentName_isDoneWithoutSettingIt() throws Exception {
    HostFiles files = new HostFiles(root);
    Files.createDirectories(files.hostname().getParent());
    String current = HostName.get();
    Files.writeString(files.hostname(), current + "\n");
    Step s = new HostSettings(files).applyHostname();
    assertThat(s.outcome()).as(s.toString()).isEqualTo(Outcome.DONE);
    assertThat(s.detail()).isEqualTo("the host name is already " + current);
  }

  @Test
  void problem_acceptsHostNamesAndNamesWhatIsWrong() {
    assertThat(HostName.problem("farm-01.example")).isNull();
    assertThat(HostName.problem("")).isEqualTo("it is empty");
    assertThat(HostName.problem("a".repeat(65))).contains("longer than 64");
    assertThat(HostName.problem("-a")).contains("starts or ends with '-'");
    assertThat(HostName.problem("a..b")).contains("empty label");
  }
}
