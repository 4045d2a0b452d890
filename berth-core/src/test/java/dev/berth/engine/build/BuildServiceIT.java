package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.BuildService.BuildRequest;
import dev.berth.engine.Image;
import dev.berth.oci.ImageConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Builds through the real engine (overlay, conmon, runc) from a busybox image: config, history, layers, files, cache. */
class BuildServiceIT {
  private BuildFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new BuildFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  private static final String SIX_STEPS = """
      FROM busybox
      ENV GREETING=hello
      COPY app.txt /app/
      RUN echo "$GREETING world" > /app/run.txt && echo built
      WORKDIR /app
      CMD ["cat", "run.txt"]
      """;

  @Test
  void build_runCopyEnvCmd_imageHasConfigHistoryLayersAndFiles() throws Exception {
    fx.write("Dockerfile", SIX_STEPS);
    fx.write("app.txt", "from the context\n");
    Image base = fx.engine.images().inspect("busybox");

    BuildFixture.Built built = fx.build(BuildFixture.request(fx.context, List.of("app"), null, null, false, null));

    assertThat(built.output()).startsWith("Step 1/6 : FROM busybox\n ---> " + base.id().shortId() + "\n"
        + "Step 2/6 : ENV GREETING=hello\n");
    assertThat(built.output()).contains("Step 4/6 : RUN echo \"$GREETING world\" > /app/run.txt && echo built\n ---> Running in ")
        .contains("\nbuilt\n ---> Removed intermediate container ")
        .endsWith("Successfully built " + built.result().imageId().shortId() + "\nSuccessfully tagged app:latest\n");
    assertThat(built.result().tags()).containsExactly("app:latest");
    assertThat(built.result().stepsRun()).isEqualTo(5);
    assertThat(built.result().stepsCached()).isZero();

    Image image = fx.engine.images().inspect("app");
    assertThat(image.id()).isEqualTo(built.result().imageId());
    ImageConfig.ContainerConfig config = image.config().config();
    assertThat(config.env()).contains("GREETING=hello");
    assertThat(config.cmd()).containsExactly("cat", "run.txt");
    assertThat(config.workingDir()).isEqualTo("/app");
    assertThat(image.config().diffIds()).hasSize(base.config().diffIds().size() + 2);
    List<ImageConfig.History> history = image.config().history();
    List<ImageConfig.History> mine = history.subList(history.size() - 5, history.size());
    assertThat(mine).extracting(ImageConfig.History::isEmptyLayer).containsExactly(true, false, false, true, true);
    assertThat(mine.get(0).createdBy()).isEqualTo("/bin/sh -c #(nop)  ENV GREETING=hello");
    assertThat(mine.get(1).createdBy()).matches("/bin/sh -c #\\(nop\\) COPY file:[0-9a-f]{64} in /app/ ");
    assertThat(mine.get(2).createdBy()).isEqualTo("/bin/sh -c echo \"$GREETING world\" > /app/run.txt && echo built");
    assertThat(mine.get(4).createdBy()).isEqualTo("/bin/sh -c #(nop)  CMD [\"cat\" \"run.txt\"]");

    assertThat(fx.runIn("app", "cat", "/app/app.txt", "/app/run.txt")).isEqualTo("from the context\nhello world\n");
    assertThat(fx.runIn("app")).isEqualTo("hello world\n");
    assertThat(fx.containers()).isEmpty();
  }

  @Test
  void build_twice_secondTakesEveryStepFromTheCache() throws Exception {
    fx.write("Dockerfile", SIX_STEPS);
    fx.write("app.txt", "x\n");
    BuildFixture.Built first = fx.build();

    BuildFixture.Built second = fx.build();

    assertThat(second.result().imageId()).isEqualTo(first.result().imageId());
    assertThat(second.result().stepsRun()).isZero();
    assertThat(second.result().stepsCached()).isEqualTo(5);
    assertThat(second.output()).contains("Step 4/6 : RUN echo \"$GREETING world\" > /app/run.txt && echo built\n ---> Using cache\n ---> ")
        .doesNotContain("Running in");
  }

  @Test
  void list_afterBuild_hidesIntermediatesUnlessAll() throws Exception {
    fx.write("Dockerfile", SIX_STEPS);
    fx.write("app.txt", "x\n");
    BuildFixture.Built built = fx.build(BuildFixture.request(fx.context, List.of("app:1"), null, null, false, null));

    List<Image> shown = fx.engine.images().list(false);
    List<Image> all = fx.engine.images().list(true);

    assertThat(shown).extracting(Image::id).containsExactlyInAnyOrder(built.result().imageId(), fx.engine.images().resolve("busybox"));
    assertThat(all).hasSize(2 + 4);
  }

  @Test
  void rmi_builtImage_deletesItsIntermediatesWhileImagePruneKeepsThem() throws Exception {
    fx.write("Dockerfile", SIX_STEPS);
    fx.write("app.txt", "x\n");
    fx.build(BuildFixture.request(fx.context, List.of("app:1"), null, null, false, null));
    int all = fx.engine.images().list(true).size();

    fx.engine.images().prune(false, Map.of());
    assertThat(fx.engine.images().list(true)).hasSize(all);

    List<dev.berth.engine.ImageService.DeleteItem> deleted = fx.engine.images().remove("app:1", false, false);

    assertThat(deleted.stream().filter(d -> d.deleted() != null).count()).isGreaterThanOrEqualTo(5);
    assertThat(fx.engine.images().list(true)).extracting(Image::id).containsExactly(fx.engine.images().resolve("busybox"));
  }

  @Test
  void build_labelsAndEntrypoint_labelsOnFinalImageAndInheritedCmdReset() throws Exception {
    fx.write("Dockerfile", """
        FROM busybox
        LABEL stage=one
        ENTRYPOINT ["echo"]
        """);

    BuildFixture.Built built = fx.build(BuildFixture.request(fx.context, List.of(), null, null, false, Map.of("extra", "yes")));

    ImageConfig.ContainerConfig config = fx.engine.images().inspect(built.result().imageId().toString()).config().config();
    assertThat(config.labels()).containsEntry("stage", "one").containsEntry("extra", "yes");
    assertThat(config.entrypoint()).containsExactly("echo");
    assertThat(config.cmd()).isNull();
    assertThat(built.output()).contains("Step 4/4 : LABEL extra=yes\n");
  }
}
