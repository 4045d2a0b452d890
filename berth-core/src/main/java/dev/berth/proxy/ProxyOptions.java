package dev.berth.proxy;

import java.time.Duration;

/**
 * Tuning of a forwarder. The defaults suit both the published-port proxy and the ambassador: a backend that does
 * not answer a connect within {@code connectTimeout} is skipped for the next one; a backend marked down is probed
 * with a TCP connect every {@code probeInterval} and used again as soon as a probe succeeds; a UDP session with no
 * traffic either way for {@code udpIdleTimeout} is closed (docker-proxy uses 90 s); {@code bufferSize} is the size
 * of each direction's direct buffer.
 */
public record ProxyOptions(Duration connectTimeout, Duration probeInterval, Duration udpIdleTimeout, int bufferSize) {
  public static final ProxyOptions DEFAULTS =
      new ProxyOptions(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(90), 256 * 1024);

  public ProxyOptions {
    requirePositive("connect timeout", connectTimeout);
    requirePositive("probe interval", probeInterval);
    requirePositive("UDP idle timeout", udpIdleTimeout);
    if (bufferSize < 1024 || bufferSize > 64 * 1024 * 1024) {
      throw new dev.berth.errors.InvalidArgumentException(
          "invalid proxy buffer size " + bufferSize + ": want 1 KiB to 64 MiB");
    }
  }

  public ProxyOptions withConnectTimeout(Duration d) {
    return new ProxyOptions(d, probeInterval, udpIdleTimeout, bufferSize);
  }

  public ProxyOptions withProbeInterval(Duration d) {
    return new ProxyOptions(connectTimeout, d, udpIdleTimeout, bufferSize);
  }

  public ProxyOptions withUdpIdleTimeout(Duration d) {
    return new ProxyOptions(connectTimeout, probeInterval, d, bufferSize);
  }

  public ProxyOptions withBufferSize(int size) {
    return new ProxyOptions(connectTimeout, probeInterval, udpIdleTimeout, size);
  }

  private static void requirePositive(String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new dev.berth.errors.InvalidArgumentException("invalid proxy " + what + " " + d + ": want a positive duration");
    }
  }
}
