package dev.berth.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {
  @TempDir Path dir;

  @Test
  void replace_eachDurability_createsThenReplacesAndLeavesNoTemporaryFile() throws Exception {
    Path target = dir.resolve("state.json");
    AtomicWrite.replace(target, bytes("one"), AtomicWrite.Durability.DURABLE);
    assertThat(Files.readString(target)).isEqualTo("one");
    AtomicWrite.replace(target, bytes("two"), AtomicWrite.Durability.LAZY);
    assertThat(Files.readString(target)).isEqualTo("two");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
    }
  }

  @Test
  void replace_intoAMissingDirectory_failsAndLeavesNothing() {
    Path target = dir.resolve("missing/state.json");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AtomicWrite.replace(target, bytes("x"), AtomicWrite.Durability.LAZY))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
    assertThat(dir.resolve("missing")).doesNotExist();
  }

  @Test
  void replace_renameRefused_failsAndLeavesNoTemporaryFile() throws Exception {
    Path target = Files.createDirectory(dir.resolve("state.json"));
    Files.writeString(target.resolve("inside"), "a directory that is not empty cannot be renamed over");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AtomicWrite.replace(target, bytes("x"), AtomicWrite.Durability.LAZY))
        .isInstanceOf(java.io.IOException.class);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
    }
  }

  @Test
  void removeLeftovers_aCrashedWritersTemporaryFiles_deletesOnlyThoseOfThatTarget() throws Exception {
    Path target = dir.resolve("state.json");
    Files.writeString(target, "kept");
    Files.writeString(dir.resolve(AtomicWrite.TMP_PREFIX + "state.json-1234"), "torn");
    Files.writeString(dir.resolve(AtomicWrite.TMP_PREFIX + "other.json-1234"), "another store's");
    AtomicWrite.removeLeftovers(target);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("state.json", ".tmp-other.json-1234");
    }
    assertThat(Files.readString(target)).isEqualTo("kept");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
