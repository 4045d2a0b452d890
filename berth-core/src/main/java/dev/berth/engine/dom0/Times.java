package dev.berth.engine.dom0;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** RFC 3339 times at millisecond precision, as the boot log stores and the API shows them. */
final class Times {
  private Times() {}

  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
