package dev.berth.network.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.SystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessIptablesTest {
  @TempDir Path dir;

  @Test
  void restore_toolRejectsALine_errorQuotesTheLineAndTheReason() throws IOException {
    Path tool = script("restore", """
        cat >/dev/null
        echo "iptables-restore v1.8.9 (nf_tables): Chain 'X' does not exist" >&2
        echo "Error occurred at line: 2" >&2
        echo "Try \\`iptables-restore -h' for more information." >&2
        exit 2
        """);
    ProcessIptables iptables = new ProcessIptables(tool.toString(), "/bin/true", Duration.ofSeconds(10));

    assertThatThrownBy(() -> iptables.restore("apply the firewall rules of BT", "*filter\n-A X -j ACCEPT\nCOMMIT\n"))
        .isInstanceOf(SystemException.class)
        .hasMessage("apply the firewall rules of BT: iptables-restore failed (exit 2) at line 2 (-A X -j ACCEPT): "
            + "iptables-restore v1.8.9 (nf_tables): Chain 'X' does not exist; Error occurred at line: 2");
  }

  @Test
  void restore_toolReadsTheBatchFromStdin() throws IOException {
    Path copy = dir.resolve("batch.txt");
    Path tool = script("restore", "cat > " + copy + "\n");
    new ProcessIptables(tool.toString(), "/bin/true", Duration.ofSeconds(10)).restore("apply", "*nat\nCOMMIT\n");

    assertThat(copy).hasContent("*nat\nCOMMIT\n");
  }

  @Test
  void restore_toolHangs_isKilledAtTheDeadline() throws IOException {
    Path tool = script("restore", "exec sleep 30\n");
    ProcessIptables iptables = new ProcessIptables(tool.toString(), "/bin/true", Duration.ofMillis(300));

    long start = System.nanoTime();
    assertThatThrownBy(() -> iptables.restore("apply", "*nat\nCOMMIT\n"))
        .isInstanceOf(SystemException.class).hasMessageContaining("did not finish within");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void save_toolMissing_saysWhichToolAndWhy() {
    ProcessIptables iptables = new ProcessIptables("/bin/true", dir.resolve("no-such-save").toString(),
        Duration.ofSeconds(10));

    assertThatThrownBy(() -> iptables.save("nat"))
        .isInstanceOf(SystemException.class)
        .hasMessageContaining("read the iptables nat table").hasMessageContaining("no-such-save");
  }

  private Path script(String name, String body) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
