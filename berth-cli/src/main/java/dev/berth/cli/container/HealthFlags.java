package dev.berth.cli.container;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The {@code --health-*} flags as a Healthcheck object, or {@code --no-healthcheck} as {@code ["NONE"]}. */
final class HealthFlags {
  private HealthFlags() {}

  /** The Healthcheck to send, or null when no health flag was given (the image's own check applies). */
  static ObjectNode healthcheck(ContainerOptions o) {
    boolean any = o.healthCmd != null || o.healthInterval != null || o.healthTimeout != null || o.healthRetries != null
        || o.healthStartPeriod != null;
    ObjectNode health = JsonNodeFactory.instance.objectNode();
    if (o.noHealthcheck) {
      if (any) throw new BadFlagException("--no-healthcheck conflicts with --health-* options");
      health.set("Test", CreateBody.strings(java.util.List.of("NONE")));
      return health;
    }
    if (!any) return null;
    if (o.healthCmd != null) health.set("Test", CreateBody.strings(java.util.List.of("CMD-SHELL", o.healthCmd)));
    long interval = duration("--health-interval", o.healthInterval);
    long timeout = duration("--health-timeout", o.healthTimeout);
    long start = duration("--health-start-period", o.healthStartPeriod);
    long retries = o.healthRetries == null ? 0 : Values.integer("--health-retries", o.healthRetries);
    if (retries < 0) throw new BadFlagException("--health-retries cannot be negative");
    if (interval != 0) health.put("Interval", interval);
    if (timeout != 0) health.put("Timeout", timeout);
    if (start != 0) health.put("StartPeriod", start);
    if (retries != 0) health.put("Retries", retries);
    return health;
  }

  private static long duration(String flag, String text) {
    if (text == null) return 0;
    long nanos = Values.durationNanos(flag, text);
    if (nanos < 0) throw new BadFlagException(flag + " cannot be negative");
    return nanos;
  }
}
