package dev.berth.daemon.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.Dom0Service.Outcome;
import dev.berth.engine.Dom0Service.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootHookTest {
  @TempDir Path dir;

  private BootHook hook(String script) throws Exception {
    Path file = dir.resolve("hook.sh");
    if (script != null) Files.writeString(file, script);
    return new BootHook("bootsync", file, dir.resolve("log/bootsync.log"), dir, Map.of("HOOK_VAR", "from-berthd"));
  }

  @Test
  void runAndWait_exitZero_isDoneAndLogsBothStreamsWithTheEnvironment() throws Exception {
    Step s = hook("echo out $HOOK_VAR; echo err >&2; pwd").runAndWait(Duration.ofSeconds(30));
    assertThat(s.outcome()).isEqualTo(Outcome.DONE);
    assertThat(s.exitCode()).isZero();
    assertThat(Files.readString(dir.resolve("log/bootsync.log"))).contains("out from-berthd", "err", dir.toString());
  }

  @Test
  void runAndWait_nonZeroExit_failsWithTheCode() throws Exception {
    Step s = hook("exit 7").runAndWait(Duration.ofSeconds(30));
    assertThat(s.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(s.exitCode()).isEqualTo(7);
    assertThat(s.error()).isEqualTo("exited with code 7");
  }

  @Test
  void runAndWait_pastTheTimeout_killsTheHookAndItsChildren() throws Exception {
    Path marker = dir.resolve("child-pid");
    long t0 = System.nanoTime();
    Step s = hook("sleep 60 & echo $! > " + marker + "; wait").runAndWait(Duration.ofMillis(700));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(s.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(s.error()).contains("did not finish within");
    long child = Long.parseLong(Files.readString(marker).strip());
    assertThat(running(child)).as("the hook's child " + child).isFalse();
  }

  /** Alive and not a zombie (a killed orphan waits for its reaper, which in a container may never come). */
  private static boolean running(long pid) throws Exception {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    for (int i = 0; i < 50; i++) {
      if (!Files.exists(stat)) return false;
      String s = Files.readString(stat);
      if (s.substring(s.lastIndexOf(')') + 2).startsWith("Z")) return false;
      Thread.sleep(100);
    }
    return true;
  }

  @Test
  void missingScript_isSkipped() throws Exception {
    BootHook h = hook(null);
    assertThat(h.runAndWait(Duration.ofSeconds(1)).outcome()).isEqualTo(Outcome.SKIPPED);
    BootHook.Background b = h.startInBackground();
    assertThat(b.process()).isNull();
    assertThat(h.await(b).outcome()).isEqualTo(Outcome.SKIPPED);
  }

  @Test
  void startInBackground_returnsAtOnce_andAwaitGivesTheExitCode() throws Exception {
    BootHook h = hook("sleep 0.3; exit 4");
    BootHook.Background b = h.startInBackground();
    assertThat(b.step().outcome()).isEqualTo(Outcome.RUNNING);
    Step done = h.await(b);
    assertThat(done.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(done.exitCode()).isEqualTo(4);
  }
}
