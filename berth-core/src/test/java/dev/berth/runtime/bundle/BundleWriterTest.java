package dev.berth.runtime.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.runtime.spec.Spec;
import dev.berth.runtime.specgen.ContainerOptions;
import dev.berth.runtime.specgen.HostFacts;
import dev.berth.runtime.specgen.ProcessOptions;
import dev.berth.runtime.specgen.SpecGenerator;
import dev.berth.runtime.specgen.StorageOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleWriterTest {
  private static final HostFacts HOST = new HostFacts(Map.of(), 2, -1L);

  @TempDir Path tmp;

  private Spec spec(Path rootfs, String cwd) {
    ProcessOptions p = ProcessOptions.command("true").withWorkdir(cwd);
    return new SpecGenerator(HOST).generate(ContainerOptions.of("c1", p, StorageOptions.rootfs(rootfs)));
  }

  @Test
  void write_spec_writesConfigJsonThatReadsBack() throws IOException {
    Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
    Spec spec = spec(rootfs, "/");
    Path bundle = BundleWriter.write(tmp.resolve("bundle"), spec);
    assertThat(Spec.fromJson(Files.readAllBytes(bundle.resolve("config.json")))).isEqualTo(spec);
    try (var files = Files.list(bundle)) {
      assertThat(files).containsExactly(bundle.resolve("config.json"));
    }
  }

  @Test
  void write_missingWorkingDir_isCreatedInTheRootfsWithMode755() throws IOException {
    Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
    BundleWriter.write(tmp.resolve("bundle"), spec(rootfs, "/srv/app/data"));
    Path dir = rootfs.resolve("srv/app/data");
    assertThat(dir).isDirectory();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxr-xr-x");
  }

  @Test
  void write_workingDirThroughAbsoluteSymlink_staysInsideTheRootfs() throws IOException {
    Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
    Path outside = tmp.resolve("outside");
    Files.createSymbolicLink(rootfs.resolve("escape"), outside);
    BundleWriter.write(tmp.resolve("bundle"), spec(rootfs, "/escape/work"));
    assertThat(outside).doesNotExist();
    assertThat(Path.of(rootfs + outside.toString() + "/work")).isDirectory();
  }

  @Test
  void write_workingDirIsAFile_isRefusedAndNoConfigWritten() throws IOException {
    Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
    Files.writeString(rootfs.resolve("app"), "not a dir");
    assertThatThrownBy(() -> BundleWriter.write(tmp.resolve("bundle"), spec(rootfs, "/app")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("Cannot mkdir: /app is not a directory");
    assertThatThrownBy(() -> BundleWriter.write(tmp.resolve("bundle"), spec(rootfs, "/app/sub")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("Cannot mkdir: /app/sub is not a directory");
    assertThat(tmp.resolve("bundle")).doesNotExist();
  }
}
