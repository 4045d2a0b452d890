package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder's small helpers: Go text forms, paths, the cache file, the RUN output decoder. */
class BuilderPartsTest {
  @TempDir Path tmp;

  @Test
  void quoteList_shellCommand_isGoQuotedSlice() {
    assertThat(GoText.quoteList(List.of("/bin/sh", "-c", "echo \"hi\"\tthere")))
        .isEqualTo("[\"/bin/sh\" \"-c\" \"echo \\\"hi\\\"\\tthere\"]");
  }

  @Test
  void duration_variousValues_matchGoString() {
    assertThat(GoText.duration(Duration.ZERO)).isEqualTo("0s");
    assertThat(GoText.duration(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(GoText.duration(Duration.ofMinutes(5))).isEqualTo("5m0s");
    assertThat(GoText.duration(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(GoText.duration(Duration.ofHours(1).plusSeconds(2))).isEqualTo("1h0m2s");
    assertThat(GoText.duration(Duration.ofMillis(250))).isEqualTo("250ms");
  }

  @Test
  void destination_relativeAndDot_joinWorkdirKeepingDirectorySlash() {
    assertThat(Paths.destination(".", "/app")).isEqualTo("/app/");
    assertThat(Paths.destination("sub/", "/app")).isEqualTo("/app/sub/");
    assertThat(Paths.destination("f.txt", "/app")).isEqualTo("/app/f.txt");
    assertThat(Paths.destination("/x/../y", "/app")).isEqualTo("/y");
    assertThat(Paths.destination("/", "/app")).isEqualTo("/");
  }

  @Test
  void clean_dotsAndSlashes_removed() {
    assertThat(Paths.clean("/a/./b//../c/")).isEqualTo("/a/c");
    assertThat(Paths.clean("/..")).isEqualTo("/");
  }

  @Test
  void cache_recordThenReopen_findsEntry() {
    Digest image = Digest.sha256(new byte[] {1});
    String key = BuildCache.key(null, "/bin/sh -c #(nop)  ENV a=b", "");
    new BuildCache(tmp.resolve("cache")).record(key, image);

    BuildCache reopened = new BuildCache(tmp.resolve("cache"));

    assertThat(reopened.lookup(key)).contains(image);
    assertThat(reopened.lookup(BuildCache.key(image, "/bin/sh -c #(nop)  ENV a=b", ""))).isEmpty();
  }

  @Test
  void cache_clear_forgetsEverythingAndAnswersImages() throws Exception {
    Digest image = Digest.sha256(new byte[] {2});
    BuildCache cache = new BuildCache(tmp.resolve("cache"));
    cache.record("k1", image);

    assertThat(cache.clear()).containsExactly(image);

    assertThat(new BuildCache(tmp.resolve("cache")).lookup("k1")).isEmpty();
    try (var files = Files.list(tmp.resolve("cache"))) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("cache.json");
    }
  }

  @Test
  void cache_unreadableFile_isEmptyNotAnError() throws Exception {
    Files.createDirectories(tmp.resolve("cache"));
    Files.writeString(tmp.resolve("cache/cache.json"), "{not json");

    assertThat(new BuildCache(tmp.resolve("cache")).lookup("k")).isEmpty();
  }

  @Test
  void key_differentExtra_differentKey() {
    assertThat(BuildCache.key(null, "x", "chown=1")).isNotEqualTo(BuildCache.key(null, "x", "chown=2"));
  }

  @Test
  void utf8Chunks_characterSplitAcrossChunks_decodedWhole() {
    RunStep.Utf8Chunks d = new RunStep.Utf8Chunks();
    byte[] e = "é!".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    String first = d.decode(new byte[] {e[0]});
    String second = d.decode(new byte[] {e[1], e[2]});

    assertThat(first).isEmpty();
    assertThat(second).isEqualTo("é!");
  }

  @Test
  void platforms_arm64_refused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Platforms.check("linux/arm64", "--platform"))
        .hasMessageContaining("linux/arm64").hasMessageContaining("linux/amd64");
    Platforms.check("linux/amd64", "--platform");
    Platforms.check(null, "--platform");
  }
}
