package dev.berth.proxy;

import java.time.Duration;

/**
 * Tuning of a forwarder. The defaults suit both the published-port proxy and the ambassador: a backend that does
 * not answer a connect within {@code connectTimeout} is skipped for the next one; a backend marked down is probed
 * with a TCP connect every {@code probeInterval} and used again as soon as a probe succeeds; a UDP session with no
 * traffic either way for {@code udpIdleTimeout} is closed (docker-proxy uses 90 s); {@code bufferSize} is the size
 * of each direction's direct buffer.
 *
 * <p>{@code spliceAfter}: once one direction of a TCP connection has carried this many bytes, the rest of that
 * direction moves with splice(2), without copying through the JVM (where the JVM allows it: see the package
 * documentation). Short request/reply connections stay below it and keep the cheaper copying path, which needs
 * no extra thread or pipe. 0 splices from the first byte; {@link #NEVER_SPLICE} always copies.
 */
public record ProxyOptions(
    Duration connectTimeout, Duration probeInterval, Duration udpIdleTimeout, int bufferSize, long spliceAfter) {
  /** A {@code spliceAfter} that turns the zero-copy path off. */
  public static final long NEVER_SPLICE = Long.MAX_VALUE;
  private static final long DEFAULT_SPLICE_AFTER = 256 * 1024;
  public static final ProxyOptions DEFAULTS = new ProxyOptions(
      Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(90), 256 * 1024, DEFAULT_SPLICE_AFTER);

  /** Options with the default {@code spliceAfter} (the form before the zero-copy path existed). */
  public ProxyOptions(Duration connectTimeout, Duration probeInterval, Duration udpIdleTimeout, int bufferSize) {
    this(connectTimeout, probeInterval, udpIdleTimeout, bufferSize, DEFAULT_SPLICE_AFTER);
  }

  public ProxyOptions {
    requirePositive("connect timeout", connectTimeout);
    requirePositive("probe interval", probeInterval);
    requirePositive("UDP idle timeout", udpIdleTimeout);
    if (bufferSize < 1024 || bufferSize > 64 * 1024 * 1024) {
      throw new dev.berth.errors.InvalidArgumentException(
          "invalid proxy buffer size " + bufferSize + ": want 1 KiB to 64 MiB");
    }
    if (spliceAfter < 0) {
      throw new dev.berth.errors.InvalidArgumentException(
          "invalid proxy splice threshold " + spliceAfter + ": want 0 or more bytes");
    }
  }

  public ProxyOptions withConnectTimeout(Duration d) {
    return new ProxyOptions(d, probeInterval, udpIdleTimeout, bufferSize, spliceAfter);
  }

  public ProxyOptions withProbeInterval(Duration d) {
    return new ProxyOptions(connectTimeout, d, udpIdleTimeout, bufferSize, spliceAfter);
  }

  public ProxyOptions withUdpIdleTimeout(Duration d) {
    return new ProxyOptions(connectTimeout, probeInterval, d, bufferSize, spliceAfter);
  }

  public ProxyOptions withBufferSize(int size) {
    return new ProxyOptions(connectTimeout, probeInterval, udpIdleTimeout, size, spliceAfter);
  }

  /** Splice a direction once it carried {@code bytes} ({@link #NEVER_SPLICE}: always copy). */
  public ProxyOptions withSpliceAfter(long bytes) {
    return new ProxyOptions(connectTimeout, probeInterval, udpIdleTimeout, bufferSize, bytes);
  }

  private static void requirePositive(String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new dev.berth.errors.InvalidArgumentException("invalid proxy " + what + " " + d + ": want a positive duration");
    }
  }
}
