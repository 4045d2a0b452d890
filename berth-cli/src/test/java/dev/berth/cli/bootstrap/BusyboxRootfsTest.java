package dev.berth.cli.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.cli.CliException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BusyboxRootfsTest {
  static final byte[] BINARY = {0x7f, 'E', 'L', 'F', 1, 2, 3};

  Map<String, RootfsEntry> byPath(List<RootfsEntry> entries) {
    return entries.stream().collect(Collectors.toMap(RootfsEntry::path, Function.identity()));
  }

  @Test
  void entries_applets_becomeLinksToBusyboxInBin() {
    Map<String, RootfsEntry> entries = byPath(BusyboxRootfs.entries(BINARY, List.of("sh", "ls", "[", "busybox", "sh")));
    assertThat(entries.get("bin/sh")).isEqualTo(new RootfsEntry.Symlink("bin/sh", "busybox"));
    assertThat(entries.get("bin/[")).isEqualTo(new RootfsEntry.Symlink("bin/[", "busybox"));
    assertThat(entries.get("bin/busybox")).isInstanceOfSatisfying(RootfsEntry.File.class, f -> {
      assertThat(f.content()).isEqualTo(BINARY);
      assertThat(f.mode()).isEqualTo(0755);
    });
    assertThat(entries).containsKeys("bin", "etc", "etc/passwd", "etc/group", "root");
    assertThat(entries.get("tmp")).isEqualTo(new RootfsEntry.Directory("tmp", 01777));
  }

  @Test
  void entries_passwdAndGroup_haveRootAndNobody() {
    Map<String, RootfsEntry> entries = byPath(BusyboxRootfs.entries(BINARY, List.of()));
    String passwd = new String(((RootfsEntry.File) entries.get("etc/passwd")).content());
    assertThat(passwd.lines()).anyMatch(l -> l.startsWith("root:x:0:0:")).anyMatch(l -> l.startsWith("nobody:x:65534:65534:"));
    assertThat(new String(((RootfsEntry.File) entries.get("etc/group")).content())).startsWith("root:x:0:");
  }

  @Test
  void entries_appletWithSlash_isSkipped() {
    assertThat(byPath(BusyboxRootfs.entries(BINARY, List.of("../evil", "ok")))).containsKey("bin/ok").doesNotContainKey("bin/../evil");
  }

  @Test
  void fromBinary_realBusyboxTwice_sameTarBytes() throws Exception {
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    List<RootfsEntry> entries = BusyboxRootfs.fromBinary(BusyboxRootfs.DEFAULT_BUSYBOX);
    RootfsTar.write(entries, first);
    RootfsTar.write(BusyboxRootfs.fromBinary(BusyboxRootfs.DEFAULT_BUSYBOX), second);
    assertThat(first.toByteArray()).isEqualTo(second.toByteArray());
    assertThat(byPath(entries)).containsKeys("bin/sh", "bin/ls", "bin/cat");
  }

  @Test
  void fromBinary_missing_namesDebianPackage() {
    assertThatThrownBy(() -> BusyboxRootfs.fromBinary(Path.of("/nonexistent/busybox")))
        .isInstanceOf(CliException.class)
        .hasMessage("busybox not found at /nonexistent/busybox: install the Debian package busybox-static (apt-get install busybox-static)");
  }
}
