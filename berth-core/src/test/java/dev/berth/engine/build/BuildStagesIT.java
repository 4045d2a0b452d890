package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.ImageConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Multi-stage builds (--target, skipped stages, COPY --from a stage and an image) and the config-only instructions. */
class BuildStagesIT {
  private static final String STAGES = """
      FROM busybox AS base
      RUN echo base > /base.txt
      FROM busybox AS unused
      RUN echo should-not-run && exit 7
      FROM base AS builder
      RUN echo built > /out.txt
      FROM busybox
      COPY --from=builder /out.txt /final/
      COPY --from=0 /base.txt /final/
      COPY --from=busybox /etc/group /final/group
      CMD ["cat", "/final/out.txt", "/final/base.txt"]
      """;

  private BuildFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new BuildFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  @Test
  void build_multiStage_skipsUnusedStageAndCopiesFromStagesAndImages() throws Exception {
    fx.write("Dockerfile", STAGES);

    BuildFixture.Built built = fx.build(BuildFixture.request(fx.context, List.of("multi"), null, null, false, null));

    assertThat(built.output()).doesNotContain("should-not-run").contains("Step 9/9 : CMD");
    assertThat(fx.runIn("multi")).isEqualTo("built\nbase\n");
    assertThat(fx.runIn("multi", "grep", "-c", "extra", "/final/group")).isEqualTo("1\n");
    assertThat(fx.containers()).isEmpty();
  }

  @Test
  void rebuild_multiStage_fullyCachedWithoutAnyContainer() throws Exception {
    fx.write("Dockerfile", STAGES);
    BuildFixture.Built first = fx.build(BuildFixture.request(fx.context, List.of("multi"), null, null, false, null));
    List<String> created = new java.util.concurrent.CopyOnWriteArrayList<>();

    BuildFixture.Built second;
    try (var sub = fx.engine.events().subscribe(-1, e -> e.type().equals("container") && e.action().equals("create"),
        e -> created.add(e.actorId()))) {
      second = fx.build(BuildFixture.request(fx.context, List.of("multi"), null, null, false, null));
    }

    assertThat(second.result().imageId()).isEqualTo(first.result().imageId());
    assertThat(second.result().stepsRun()).isZero();
    assertThat(second.result().stepsCached()).isEqualTo(6);
    assertThat(created).isEmpty();
  }

  @Test
  void build_target_stopsAtThatStage() throws Exception {
    fx.write("Dockerfile", STAGES);

    BuildFixture.Built built = fx.build(BuildFixture.request(fx.context, List.of("mid"), null, "builder", false, null));

    assertThat(built.output()).contains("Step 4/4 : RUN echo built > /out.txt").doesNotContain("should-not-run");
    assertThat(fx.runIn("mid", "cat", "/out.txt", "/base.txt")).isEqualTo("built\nbase\n");
  }

  @Test
  void build_configInstructions_configAndHistoryAsDocker() throws Exception {
    fx.write("Dockerfile", """
        FROM busybox
        SHELL ["/bin/sh", "-ec"]
        USER app
        WORKDIR /made/here
        WORKDIR sub
        EXPOSE 80 53/udp
        VOLUME ["/data"]
        STOPSIGNAL SIGINT
        HEALTHCHECK --interval=5s --retries=3 CMD true
        MAINTAINER someone
        RUN pwd > /tmp/pwd.txt; id -u >> /tmp/pwd.txt
        CMD echo hi
        """);

    BuildFixture.Built built = fx.build(BuildFixture.request(fx.context, List.of("cfg"), null, null, false, null));

    ImageConfig image = fx.engine.images().inspect("cfg").config();
    ImageConfig.ContainerConfig c = image.config();
    assertThat(c.user()).isEqualTo("app");
    assertThat(c.workingDir()).isEqualTo("/made/here/sub");
    assertThat(c.exposedPorts()).containsOnlyKeys("80/tcp", "53/udp");
    assertThat(c.volumes()).containsOnlyKeys("/data");
    assertThat(c.stopSignal()).isEqualTo("SIGINT");
    assertThat(c.shell()).containsExactly("/bin/sh", "-ec");
    assertThat(c.cmd()).containsExactly("/bin/sh", "-ec", "echo hi");
    assertThat(c.healthcheck()).containsEntry("Test", List.of("CMD-SHELL", "true")).containsEntry("Interval", 5_000_000_000L)
        .containsEntry("Retries", 3);
    assertThat(image.author()).isEqualTo("someone");
    List<String> createdBy = image.history().stream().map(ImageConfig.History::createdBy).toList();
    assertThat(createdBy).contains("/bin/sh -c #(nop)  SHELL [/bin/sh -ec]", "/bin/sh -ec #(nop)  USER app",
        "/bin/sh -ec #(nop)  WORKDIR /made/here/sub", "/bin/sh -ec #(nop)  EXPOSE 80/tcp 53/udp",
        "/bin/sh -ec #(nop)  VOLUME [/data]", "/bin/sh -ec #(nop)  STOPSIGNAL SIGINT",
        "/bin/sh -ec pwd > /tmp/pwd.txt; id -u >> /tmp/pwd.txt", "/bin/sh -ec #(nop)  CMD [\"/bin/sh\" \"-ec\" \"echo hi\"]");
    assertThat(fx.runIn("cfg", "cat", "/tmp/pwd.txt")).isEqualTo("/made/here/sub\n1000\n");
    assertThat(built.result().stepsRun()).isEqualTo(11);
    assertThat(fx.engine.volumes().list(Map.of())).isEmpty();
  }
}
