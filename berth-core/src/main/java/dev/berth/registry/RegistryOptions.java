package dev.berth.registry;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How Berth reaches registries, as the daemon's config sets it.
 *
 * @param insecureRegistries hosts ({@code host} or {@code host:port}) that may be spoken to over plain
 *     HTTP, as dockerd's {@code insecure-registries}; loopback hosts ({@code localhost}, {@code 127.0.0.1},
 *     {@code ::1}) always may
 * @param caCertificates PEM files of extra certificate authorities to trust, beside the JDK's own
 * @param certsDir a directory laid out as docker's {@code /etc/docker/certs.d}: {@code <host:port>/*.crt}
 *     are trusted as CAs; null for none
 * @param loopbackOnly reach only registries on loopback ({@code localhost}, 127.0.0.0/8, {@code ::1}), redirects
 *     included: test daemons set it, so a test that names a missing image (which the docker CLI then asks the
 *     daemon to pull from Docker Hub) fails at once with a clear error instead of sending traffic off the machine
 */
public record RegistryOptions(Set<String> insecureRegistries, List<Path> caCertificates, Path certsDir, boolean loopbackOnly) {
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

  /** Registries anywhere. */
  public RegistryOptions(Set<String> insecureRegistries, List<Path> caCertificates, Path certsDir) {
    this(insecureRegistries, caCertificates, certsDir, false);
  }

  public RegistryOptions {
    insecureRegistries = insecureRegistries == null ? Set.of() : Set.copyOf(insecureRegistries);
    caCertificates = caCertificates == null ? List.of() : List.copyOf(caCertificates);
  }

  public static RegistryOptions defaults() {
    return new RegistryOptions(Set.of(), List.of(), null);
  }

  public RegistryOptions withCaCertificates(List<Path> files) {
    return new RegistryOptions(insecureRegistries, files, certsDir, loopbackOnly);
  }

  public RegistryOptions withLoopbackOnly(boolean value) {
    return new RegistryOptions(insecureRegistries, caCertificates, certsDir, value);
  }

  /**
   * Refuses {@code host} (a registry, or a redirect's host) when only loopback registries may be reached.
   *
   * @throws RegistryException naming the host
   */
  public void checkReachable(String host) {
    if (!loopbackOnly) return;
    String h = hostOf(host.toLowerCase(Locale.ROOT));
    if (LOOPBACK.contains(h) || h.startsWith("127.")) return;
    throw new RegistryException("registry " + host + " is not reachable from this daemon: it is set to reach only registries"
        + " on loopback (a test daemon)", 0);
  }

  public RegistryOptions withInsecureRegistries(Set<String> hosts) {
    return new RegistryOptions(hosts, caCertificates, certsDir, loopbackOnly);
  }

  /** Whether plain HTTP may be used for {@code registry} (a host with an optional port). */
  public boolean plainHttpAllowed(String registry) {
    String r = registry.toLowerCase(Locale.ROOT);
    return LOOPBACK.contains(hostOf(r)) || insecureRegistries.contains(r) || insecureRegistries.contains(hostOf(r));
  }

  /**
   * Whether {@code registry}'s TLS certificate is used without verification: only for a registry listed in
   * insecure-registries (by host or host:port), as dockerd does. Loopback hosts, which may use plain HTTP
   * without being listed, still have their certificates checked.
   */
  public boolean skipsTlsVerification(String registry) {
    String r = registry.toLowerCase(Locale.ROOT);
    return insecureRegistries.contains(r) || insecureRegistries.contains(hostOf(r));
  }

  /** The host without its port: {@code [::1]:5000} gives {@code ::1}, {@code localhost:5000} gives localhost. */
  static String hostOf(String registry) {
    if (registry.startsWith("[")) {
      int end = registry.indexOf(']');
      return end > 0 ? registry.substring(1, end) : registry;
    }
    int colon = registry.lastIndexOf(':');
    return colon >= 0 && registry.indexOf(':') == colon ? registry.substring(0, colon) : registry;
  }
}
