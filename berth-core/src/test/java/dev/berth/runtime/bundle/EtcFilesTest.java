package dev.berth.runtime.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.runtime.specgen.StorageOptions.BindMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcFilesTest {
  @TempDir Path tmp;

  @Test
  void write_threeFiles_areWrittenAndBound() throws IOException {
    Path host = Files.writeString(tmp.resolve("resolv"), "nameserver 127.0.0.1\n");
    Path dir = tmp.resolve("c");
    List<BindMount> binds = new EtcFiles(host).write(dir, "box", "", false, Set.of());
    assertThat(binds).containsExactly(
        new BindMount(dir.resolve("hostname"), "/etc/hostname", false),
        new BindMount(dir.resolve("hosts"), "/etc/hosts", false),
        new BindMount(dir.resolve("resolv.conf"), "/etc/resolv.conf", false));
    assertThat(Files.readString(dir.resolve("hosts"))).endsWith("127.0.1.1\tbox\n");
    assertThat(Files.readString(dir.resolve("resolv.conf"))).isEqualTo("nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("hostname", "hosts", "resolv.conf");
    }
  }

  @Test
  void write_missingHostResolvConf_givesTheFallback() throws IOException {
    Path dir = tmp.resolve("c");
    new EtcFiles(tmp.resolve("none")).write(dir, "box", "", true, Set.of("/etc/hosts"));
    assertThat(Files.readString(dir.resolve("resolv.conf"))).contains("nameserver 8.8.8.8");
    assertThat(dir.resolve("hosts")).doesNotExist();
  }

  @Test
  void hosts_withDomain_listsTheFqdnFirst() {
    assertThat(EtcFiles.hosts("web", "example.org")).contains("::1\tlocalhost ip6-localhost ip6-loopback\n")
        .endsWith("127.0.1.1\tweb.example.org web\n");
  }
}
