package dev.berth.engine.dom0;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.Dom0Service.AppliedImage;
import dev.berth.engine.Dom0Service.Boot;
import dev.berth.engine.Dom0Service.Outcome;
import dev.berth.engine.Dom0Service.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootLogTest {
  @TempDir Path dir;

  @Test
  void stepsAndFinish_arePersisted_andAReopenedLogNumbersOn() {
    BootLog log = BootLog.open(dir);
    int n = log.begin("boot", "dom0:latest");
    Step running = Steps.running("bootsync", "running");
    log.step(n, running);
    log.step(n, Steps.exited(running, "output in x", 3));
    log.step(n, Steps.skipped(Steps.running("image", "looking"), "no image"));
    log.finish(n);

    BootLog again = BootLog.open(dir);
    Boot b = again.boot(n);
    assertThat(b.finished()).isNotNull();
    assertThat(b.steps()).extracting(Step::name).containsExactly("bootsync", "image");
    assertThat(b.steps().getFirst().outcome()).isEqualTo(Outcome.FAILED);
    assertThat(b.steps().getFirst().exitCode()).isEqualTo(3);
    assertThat(b.steps().getFirst().error()).isEqualTo("exited with code 3");
    assertThat(b.failed()).isTrue();
    assertThat(again.begin("boot", "dom0:latest")).isEqualTo(n + 1);
    assertThat(again.status("dom0:latest").boots()).extracting(Boot::number).containsExactly(n + 1, n);
  }

  @Test
  void open_aBootThatWasRunning_isClosedWithItsRunningStepsFailed() {
    BootLog log = BootLog.open(dir);
    int n = log.begin("boot", "dom0:latest");
    log.step(n, Steps.running("stack", "applying"));

    Boot b = BootLog.open(dir).boot(n);
    assertThat(b.finished()).isNotNull();
    assertThat(b.steps().getFirst().outcome()).isEqualTo(Outcome.FAILED);
    assertThat(b.steps().getFirst().error()).contains("berthd stopped");
  }

  @Test
  void applied_sameImageReplacesTheNewest_otherImagesStack_andOnlyTheNewestAreKept() {
    BootLog log = BootLog.open(dir);
    log.applied(new AppliedImage("sha256:a", "dom0:latest", null, "t1", true));
    log.applied(new AppliedImage("sha256:a", "dom0:latest", null, "t2", false));
    log.applied(new AppliedImage("sha256:b", "dom0:latest", null, "t3", true));
    assertThat(log.status("x").applied()).extracting(AppliedImage::imageId, AppliedImage::applied)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("sha256:b", "t3"), org.assertj.core.groups.Tuple.tuple("sha256:a", "t2"));
    for (int i = 0; i < BootLog.KEEP + 5; i++) {
      log.applied(new AppliedImage("sha256:" + i, "dom0:latest", null, "t", true));
      log.begin("boot", "dom0:latest");
    }
    assertThat(BootLog.open(dir).status("x").applied()).hasSize(BootLog.KEEP);
    assertThat(BootLog.open(dir).status("x").boots()).hasSize(BootLog.KEEP);
  }

  @Test
  void open_unreadableFile_isSetAsideAndANewLogStarts() throws Exception {
    Files.writeString(dir.resolve(BootLog.FILE), "{not json");
    BootLog log = BootLog.open(dir);
    assertThat(log.status("x").boots()).isEmpty();
    assertThat(dir.resolve(BootLog.FILE + ".bad")).hasContent("{not json");
  }
}
