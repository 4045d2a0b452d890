package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.daemon.Berthd;
import dev.berth.daemon.DaemonConfig;
import dev.berth.daemon.RunningDaemon;
import dev.berth.testing.CliRun;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth image bootstrap debian:bookworm} for real: debootstrap from Debian's mirror the first time
 * (a few minutes), then the cached root filesystem under /var/cache/berth/bootstrap, which this test keeps
 * on purpose, as the command does. Needs root, debootstrap and access to the Debian mirror.
 */
class DebianBootstrapIT {
  @TempDir Path tmp;
  RunningDaemon daemon;

  @BeforeEach
  void startDaemon() {
    daemon = Berthd.start(DaemonConfig.forTest(tmp.resolve("berthd")));
  }

  @AfterEach
  void stopDaemon() {
    daemon.close();
  }

  private CliRun ok(String... args) {
    CliRun run = CliRun.run(daemon.dockerHost(), args);
    assertThat(run.status()).as("berth %s: %s", String.join(" ", args), run.err()).isZero();
    return run;
  }

  @Test
  void bootstrap_debianBookworm_makesADebianImageAndReusesTheCache() throws Exception {
    String id = ok("image", "bootstrap", "debian:bookworm").out().strip();

    JsonNode image = new ObjectMapper().readTree(ok("image", "inspect", "debian:bookworm").out()).get(0);
    assertThat(image.path("Config").path("Cmd").toString()).isEqualTo("[\"bash\"]");
    assertThat(image.path("RootFS").path("Layers")).hasSize(1);
    assertThat(image.path("Size").asLong()).isGreaterThan(100_000_000L);

    Path saved = tmp.resolve("debian.tar");
    ok("save", "-o", saved.toString(), "debian:bookworm");
    Set<String> files = layerFiles(saved);
    assertThat(files).contains("etc/debian_version", "usr/bin/apt-get", "usr/bin/bash", "bin");
    assertThat(files).noneMatch(name -> name.startsWith("proc/") && name.length() > 5);

    CliRun again = ok("image", "bootstrap", "debian:bookworm");
    assertThat(again.err()).contains("/var/cache/berth/bootstrap");
    assertThat(again.out()).isEqualTo("debian:bookworm is up to date (" + id + ")\n");
    assertThat(ok("images", "-a", "-q", "--no-trunc").out()).isEqualTo(id + "\n");
  }

  /** The names in the image's only layer, read from the saved archive's blobs. */
  private static Set<String> layerFiles(Path savedTar) throws Exception {
    Path dir = Files.createDirectories(savedTar.resolveSibling("saved"));
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(savedTar))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        if (e.isFile()) {
          Path out = dir.resolve(e.getName());
          Files.createDirectories(out.getParent());
          Files.copy(tar, out);
        }
      }
    }
    JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile()).get(0);
    String layer = manifest.path("Layers").get(0).asText();
    Set<String> names = new HashSet<>();
    try (InputStream in = Files.newInputStream(dir.resolve(layer));
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
        names.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
      }
    }
    return names;
  }
}
