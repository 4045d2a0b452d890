package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.BuildService.PruneReport;
import dev.berth.engine.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The step cache through the real engine: exactly which steps re-run after a change of one byte of a copied
 * file, of only a file's mode, of a build arg a later RUN uses; persistence across an engine restart;
 * {@code --no-cache}; {@code builder prune}.
 */
class BuildCacheIT {
  private static final String DOCKERFILE = """
      FROM busybox
      RUN echo first > /first.txt
      COPY a.txt /a.txt
      ARG V=default
      RUN echo "$V" > /v.txt
      COPY b.txt /b.txt
      """;

  private BuildFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new BuildFixture();
    fx.write("Dockerfile", DOCKERFILE);
    fx.write("a.txt", "aaaa\n");
    fx.write("b.txt", "bbbb\n");
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  private BuildFixture.Built build(String v) {
    return fx.build(BuildFixture.request(fx.context, List.of("cached"), v == null ? null : Map.of("V", v), null, false, null));
  }

  /** The step numbers (2..6) that ran rather than came from the cache, read from the output. */
  private static List<Integer> ran(String output) {
    List<Integer> ran = new ArrayList<>();
    Matcher m = Pattern.compile("Step (\\d+)/\\d+ : [^\n]*\n( ---> Using cache\n)?").matcher(output);
    while (m.find()) {
      int step = Integer.parseInt(m.group(1));
      if (step > 1 && m.group(2) == null) ran.add(step);
    }
    return ran;
  }

  @Test
  void rebuild_eachKindOfChange_rerunsExactlyFromTheFirstChangedStep() throws Exception {
    BuildFixture.Built first = build("1");
    assertThat(ran(first.output())).containsExactly(2, 3, 4, 5, 6);

    assertThat(ran(build("1").output())).isEmpty();

    Path a = fx.context.resolve("a.txt");
    Files.setLastModifiedTime(a, FileTime.from(Instant.now().plusSeconds(60)));
    assertThat(ran(build("1").output())).as("touch only").isEmpty();

    Files.writeString(fx.context.resolve("b.txt"), "bbbc\n");
    BuildFixture.Built lastFile = build("1");
    assertThat(ran(lastFile.output())).as("one byte of the last COPY's file").containsExactly(6);
    assertThat(lastFile.result().stepsRun()).isEqualTo(1);
    assertThat(lastFile.result().stepsCached()).isEqualTo(4);

    Files.writeString(a, "aaab\n");
    assertThat(ran(build("1").output())).as("one byte of the first COPY's file").containsExactly(3, 4, 5, 6);

    Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(ran(build("1").output())).as("only the mode").containsExactly(3, 4, 5, 6);

    BuildFixture.Built newArg = build("2");
    assertThat(ran(newArg.output())).as("the build arg the RUN uses").containsExactly(5, 6);
    assertThat(fx.runIn("cached", "cat", "/v.txt", "/a.txt", "/b.txt")).isEqualTo("2\naaab\nbbbc\n");
    assertThat(fx.runIn("cached", "stat", "-c", "%a", "/a.txt")).isEqualTo("755\n");
  }

  @Test
  void rebuild_afterEngineRestart_usesTheCache() throws Exception {
    BuildFixture.Built first = build(null);
    fx.reopen();

    BuildFixture.Built second = build(null);

    assertThat(second.result().stepsCached()).isEqualTo(5);
    assertThat(second.result().imageId()).isEqualTo(first.result().imageId());
  }

  @Test
  void noCache_runsEveryStepAndRecordsForTheNextBuild() throws Exception {
    build(null);

    BuildFixture.Built fresh = fx.build(BuildFixture.request(fx.context, List.of("cached"), null, null, true, null));
    BuildFixture.Built after = build(null);

    assertThat(fresh.result().stepsRun()).isEqualTo(5);
    assertThat(fresh.output()).doesNotContain("Using cache");
    assertThat(after.result().stepsCached()).isEqualTo(5);
    assertThat(after.result().imageId()).isEqualTo(fresh.result().imageId());
  }

  @Test
  void prune_removesIntermediatesKeepsTaggedAndEmptiesTheCache() throws Exception {
    BuildFixture.Built built = build(null);
    int before = fx.engine.images().list(true).size();

    PruneReport report = fx.builds().prune(Map.of());

    assertThat(report.deleted()).hasSize(4).doesNotContain(built.result().imageId().toString());
    assertThat(report.spaceReclaimed()).isPositive();
    assertThat(fx.engine.images().list(true)).hasSize(before - 4).extracting(Image::id).contains(built.result().imageId());
    assertThat(fx.runIn("cached", "cat", "/v.txt")).isEqualTo("default\n");
    BuildFixture.Built again = build(null);
    assertThat(again.result().stepsCached()).isZero();
    assertThat(again.result().stepsRun()).isEqualTo(5);
  }
}
