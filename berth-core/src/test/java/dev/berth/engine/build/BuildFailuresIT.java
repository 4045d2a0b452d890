package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.berth.build.dockerfile.DockerfileException;
import dev.berth.engine.BuildService.BuildFailedException;
import dev.berth.engine.Image;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Digest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Builds that fail stop with the step, the location and the exit code, and leave nothing behind. */
class BuildFailuresIT {
  private BuildFixture fx;
  private List<Digest> imagesBefore;
  private List<String> snapshotsBefore;

  @BeforeEach
  void setUp() throws Exception {
    fx = new BuildFixture();
    imagesBefore = ids();
    snapshotsBefore = snapshots();
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  private List<Digest> ids() {
    return fx.engine.images().list(true).stream().map(Image::id).toList();
  }

  private List<String> snapshots() {
    List<String> names = new ArrayList<>();
    fx.engine.snapshotter().walk(s -> names.add(s.name()));
    return names;
  }

  private void assertNothingLeft() throws Exception {
    assertThat(ids()).containsExactlyInAnyOrderElementsOf(imagesBefore);
    assertThat(fx.containers()).isEmpty();
    assertThat(fx.mountedUnderRoot()).isFalse();
    assertThat(snapshots()).containsExactlyInAnyOrderElementsOf(snapshotsBefore);
    assertThat(fx.engine.images().list(false)).noneMatch(i -> i.tags().stream().anyMatch(t -> t.familiar().startsWith("bad")));
  }

  @Test
  void build_runExits3_failsWithStepLocationAndCode() throws Exception {
    fx.write("Dockerfile", "FROM busybox\nRUN echo before; exit 3\nCMD [\"x\"]\n");

    BuildFixture.Progress progress = new BuildFixture.Progress();
    BuildFailedException e = catchThrowableOfType(BuildFailedException.class,
        () -> fx.builds().build(BuildFixture.request(fx.context, List.of("bad"), null, null, false, null), progress));

    assertThat(e.exitCode()).isEqualTo(3);
    assertThat(e.getMessage()).isEqualTo("The command '/bin/sh -c echo before; exit 3' returned a non-zero code: 3"
        + " (Step 2/3 : RUN echo before; exit 3, at Dockerfile:2:1)");
    assertThat(progress.text.toString()).contains("before\n").doesNotContain("Successfully");
    assertNothingLeft();
  }

  @Test
  void build_missingCopySource_failsNamingTheFile() throws Exception {
    fx.write("Dockerfile", "FROM busybox\nCOPY nothere.txt /x\n");

    assertThatThrownBy(() -> fx.build(BuildFixture.request(fx.context, List.of("bad"), null, null, false, null)))
        .isInstanceOf(BuildFailedException.class)
        .hasMessageContaining("COPY failed")
        .hasMessageContaining("nothere.txt")
        .hasMessageContaining("Dockerfile:2");
    assertNothingLeft();
  }

  @Test
  void build_badDockerfile_failsWithLocationBeforeAnyStep() throws Exception {
    fx.write("Dockerfile", "FROM busybox\nCOPY --frm=x a b\n");

    assertThatThrownBy(() -> fx.build())
        .isInstanceOf(DockerfileException.class)
        .hasMessageContaining("Dockerfile:2");
    assertNothingLeft();
  }

  @Test
  void build_unknownBaseImage_fails() throws Exception {
    fx.write("Dockerfile", "FROM nosuchimage\nRUN true\n");

    assertThatThrownBy(() -> fx.build()).isInstanceOf(BuildFailedException.class).hasMessageContaining("nosuchimage");
    assertNothingLeft();
  }

  @Test
  void build_otherPlatform_refused() throws Exception {
    fx.write("Dockerfile", "FROM --platform=linux/arm64 busybox\n");

    assertThatThrownBy(() -> fx.build()).hasMessageContaining("linux/arm64").hasMessageContaining("linux/amd64");
    assertThatThrownBy(() -> fx.build(new dev.berth.engine.BuildService.BuildRequest(fx.context, null, null, null, null, false,
        null, true, false, false, "linux/s390x", null))).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("linux/s390x");
    assertNothingLeft();
  }

  @Test
  void build_missingDockerfile_notFound() throws Exception {
    assertThatThrownBy(() -> fx.build()).hasMessage("Cannot locate specified Dockerfile: Dockerfile");
    assertNothingLeft();
  }
}
