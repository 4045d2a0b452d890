package dev.berth.cli.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** debootstrap is replaced by a fake that lays out a tiny tree; tar is the real GNU tar. */
class DebianRootfsTest {
  @TempDir Path cache;
  final StringWriter log = new StringWriter();
  final List<List<String>> commands = new ArrayList<>();

  /** Pretends to be debootstrap (writes DIR/etc/debian_version), runs anything else for real. */
  int fakeDebootstrap(List<String> command, PrintWriter out) throws IOException {
    commands.add(command);
    if (command.getFirst().endsWith("debootstrap")) {
      Path dir = Path.of(command.get(3));
      Files.createDirectories(dir.resolve("etc"));
      Files.writeString(dir.resolve("etc/debian_version"), "12.0\n");
      return 0;
    }
    return DebianRootfs.runProcess(command, out);
  }

  @Test
  void tar_firstRun_debootstrapsTarsAndCaches() throws Exception {
    DebianRootfs debian = new DebianRootfs(cache, this::fakeDebootstrap, new PrintWriter(log));
    Path tar = debian.tar("bookworm", null);
    assertThat(tar).isEqualTo(cache.resolve("debian-bookworm-minbase.tar")).isRegularFile();
    assertThat(commands.getFirst().subList(1, 3)).containsExactly("--variant=minbase", "bookworm");
    assertThat(commands.getFirst()).hasSize(4);
    Process list = new ProcessBuilder("tar", "-tf", tar.toString()).start();
    assertThat(new String(list.getInputStream().readAllBytes())).contains("./etc/debian_version");
    try (var files = Files.list(cache)) {
      assertThat(files).containsExactly(tar); // the work directory is gone
    }
  }

  @Test
  void tar_cached_skipsDebootstrap() throws Exception {
    Files.writeString(cache.resolve("debian-bookworm-minbase.tar"), "cached");
    DebianRootfs debian = new DebianRootfs(cache, this::fakeDebootstrap, new PrintWriter(log));
    assertThat(Files.readString(debian.tar("bookworm", null))).isEqualTo("cached");
    assertThat(commands).isEmpty();
    assertThat(log.toString()).contains("Using cached root filesystem");
  }

  @Test
  void tar_debootstrapFails_leavesNothingBehind() throws Exception {
    DebianRootfs debian = new DebianRootfs(cache, (command, out) -> {
      Files.createDirectories(Path.of(command.get(3)).resolve("half"));
      return 1;
    }, new PrintWriter(log));
    assertThatThrownBy(() -> debian.tar("bookworm", "http://127.0.0.1:9/debian"))
        .hasMessage("debootstrap failed with exit status 1 (see its output above)");
    try (var files = Files.list(cache)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void tool_missing_namesDebianPackage() {
    assertThatThrownBy(() -> DebianRootfs.tool("no-such-tool-x", "some-package"))
        .hasMessage("no-such-tool-x not found: install the Debian package some-package (apt-get install some-package)");
  }
}
