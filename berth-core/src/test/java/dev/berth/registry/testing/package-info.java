/**
 * Real registry peers for the registry tests: Debian's {@code docker-registry} (distribution 2.8) started on
 * 127.0.0.1 in a temp dir ({@link dev.berth.registry.testing.TestRegistry}: plain, htpasswd basic auth over TLS
 * with a test CA, or token auth), the token server it trusts ({@link dev.berth.registry.testing.TokenServer}), a
 * fault-injecting HTTP proxy in front of a registry ({@link dev.berth.registry.testing.FaultProxy}), and test
 * images written as OCI layouts and pushed with skopeo ({@link dev.berth.registry.testing.TestImages}).
 *
 * <p>Owns: test fixtures only, each one cleans up what it starts and writes, even when a test fails. May use: the
 * JDK, Jackson, commons-compress and zstd-jni (to write layers), libcrypt through FFM (bcrypt), and the external
 * tools docker-registry and skopeo. Certificates are made in-process (Certificates, Der). It deliberately uses no Berth main class, so a bug in Berth's OCI code cannot hide in both the
 * fixture and the code under test.
 */
package dev.berth.registry.testing;
