package dev.berth.cli.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InFlightLinesTest {
  private static final String DIGEST = "sha256:3f4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f607182";

  /** A clock the test moves. */
  private static final class Hand extends Clock {
    Instant now = Instant.parse("2026-11-28T12:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void sending_onATerminal_atMostOneLineASecondAndNoneAtTheEnd() {
    Hand clock = new Hand();
    List<String> lines = new ArrayList<>();
    InFlightLines inFlight = new InFlightLines(clock, true, lines::add);
    inFlight.sending(DIGEST, 1_000_000, 31_000_000);
    clock.now = clock.now.plusMillis(500);
    inFlight.sending(DIGEST, 2_000_000, 31_000_000);
    assertThat(lines).isEmpty();
    clock.now = clock.now.plusMillis(600);
    inFlight.sending(DIGEST, 12_500_000, 31_000_000);
    inFlight.sending(DIGEST, 13_000_000, 31_000_000);
    assertThat(lines).containsExactly("3f4a5b6c7d8e: Pushing [===========>                  ]  12.5MB/31MB");
    clock.now = clock.now.plusSeconds(5);
    inFlight.sending(DIGEST, 31_000_000, 31_000_000);
    assertThat(lines).hasSize(1);
  }

  @Test
  void sending_offATerminal_waitsTenSeconds() {
    Hand clock = new Hand();
    List<String> lines = new ArrayList<>();
    InFlightLines inFlight = new InFlightLines(clock, false, lines::add);
    inFlight.sending(DIGEST, 1, 100);
    clock.now = clock.now.plus(InFlightLines.ON_TERMINAL.multipliedBy(5));
    inFlight.sending(DIGEST, 50, 100);
    assertThat(lines).isEmpty();
    clock.now = clock.now.plus(Duration.ofSeconds(5));
    inFlight.sending(DIGEST, 60, 100);
    assertThat(lines).containsExactly("3f4a5b6c7d8e: Pushing [=================>            ]  60B/100B");
  }

  @Test
  void line_allSent_fullBarEndingInAnArrow() {
    assertThat(InFlightLines.line(DIGEST, 100, 100)).contains("[=============================>]  100B/100B");
  }
}
