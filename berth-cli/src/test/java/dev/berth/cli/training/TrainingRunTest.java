package dev.berth.cli.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The build's training run: every step must end as expected against the canned daemon. */
class TrainingRunTest {
  @Test
  void run_cannedDaemon_everyStepEndsWithItsExpectedStatus() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int status = TrainingRun.run(new PrintStream(log, true, StandardCharsets.UTF_8));
    assertThat(log.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(status).isZero();
  }

  @Test
  void cannedResponses_unknownImage_isDockersNotFound() {
    CannedResponses.Answer answer = CannedResponses.answer("GET", "/v1.47/images/nope/json");
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.body()).isEqualTo("{\"message\":\"No such image: nope:latest\"}");
    assertThat(CannedResponses.answer("GET", "/v1.47/images/json?all=1").body()).startsWith("[{\"Id\":\"sha256:");
  }
}
