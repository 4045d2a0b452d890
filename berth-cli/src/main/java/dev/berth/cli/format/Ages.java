package dev.berth.cli.format;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Times as the docker CLI prints them: "2 minutes ago", "About an hour ago", or Go's time layout. */
public final class Ages {
  private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx zzz");

  private Ages() {}

  /** Docker's {@code units.HumanDuration}: coarse, rounded the same way, so tables read alike. */
  public static String humanDuration(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < 1) return "Less than a second";
    if (seconds == 1) return "1 second";
    if (seconds < 60) return seconds + " seconds";
    long minutes = d.toMinutes();
    if (minutes == 1) return "About a minute";
    if (minutes < 60) return minutes + " minutes";
    long hours = Math.round(d.toMillis() / 3_600_000.0);
    if (hours == 1) return "About an hour";
    if (hours < 48) return hours + " hours";
    if (hours < 24 * 7 * 2) return hours / 24 + " days";
    if (hours < 24 * 30 * 2) return hours / 24 / 7 + " weeks";
    if (hours < 24 * 365 * 2) return hours / 24 / 30 + " months";
    return d.toHours() / 24 / 365 + " years";
  }

  /** "2 minutes ago"; an unknown (zero) time prints as "N/A". */
  public static String ago(Instant then, Instant now) {
    if (then.getEpochSecond() <= 0) return "N/A";
    Duration d = Duration.between(then, now);
    return humanDuration(d.isNegative() ? Duration.ZERO : d) + " ago";
  }

  /** Go's {@code time.Time.String()} layout in the given zone: "2026-11-28 05:11:28 +0000 UTC". */
  public static String goTime(Instant t, ZoneId zone) {
    ZoneId named = zone.equals(java.time.ZoneOffset.UTC) ? ZoneId.of("UTC") : zone;
    return GO_TIME.format(ZonedDateTime.ofInstant(t, named));
  }

  /** RFC 3339 with seconds, in the given zone, as {@code docker history --human=false} prints. */
  public static String rfc3339(Instant t, ZoneId zone) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ZonedDateTime.ofInstant(t, zone).withNano(0));
  }
}
