package dev.berth.registry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The PEM files the tests hand to docker-registry, skopeo and clients: a CA and a server certificate for 127.0.0.1
 * for a TLS registry, and a self-signed RSA key for signing tokens. Made fresh for each registry or token server
 * ({@link Certificates}, in-process, milliseconds), so no two tests share a CA.
 */
final class TestPki {
  private TestPki() {}

  /** A server certificate for IP 127.0.0.1 signed by a fresh CA, in {@code dir}. */
  record Server(Path caPem, Path certDir, Path certificatePem, Path keyPem) {
    /** An SSL context whose only trusted root is this CA. */
    SSLContext trustingContext() {
      try (InputStream in = Files.newInputStream(caPem)) {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException("trust the test CA " + caPem + ": " + e.getMessage(), e);
      }
    }
  }

  /** A key and its self-signed certificate (PEM at {@code certificatePem}), e.g. a token server's signing key. */
  record SigningKey(PrivateKey privateKey, X509Certificate certificate, Path certificatePem) {}

  /**
   * Writes ca.crt (also as certs/ca.crt, the layout of skopeo's --cert-dir and docker's certs.d), server.crt and
   * server.key (PKCS#8, which Go's TLS reads) into {@code dir}.
   */
  static Server server(Path dir) {
    try {
      Certificates.Issued ca = Certificates.certificateAuthority("Berth test CA");
      Certificates.Issued server = Certificates.server(ca);
      Path certDir = Files.createDirectories(dir.resolve("certs"));
      Path caPem = writePem(certDir.resolve("ca.crt"), "CERTIFICATE", ca.certificate().getEncoded());
      Path certificatePem = writePem(dir.resolve("server.crt"), "CERTIFICATE", server.certificate().getEncoded());
      Path keyPem = writePem(dir.resolve("server.key"), "PRIVATE KEY", server.keys().getPrivate().getEncoded());
      return new Server(caPem, certDir, certificatePem, keyPem);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("make test certificates in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** A self-signed RSA 2048 key (RS256 is what registries' token servers commonly sign with). */
  static SigningKey signingKey(Path dir, String name) {
    try {
      Certificates.Issued issued = Certificates.selfSignedRsa(name);
      Path pem = writePem(Files.createDirectories(dir).resolve(name + ".crt"), "CERTIFICATE",
          issued.certificate().getEncoded());
      return new SigningKey(issued.keys().getPrivate(), issued.certificate(), pem);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("make a test signing key in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Path writePem(Path file, String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("write " + file + ": " + e.getMessage(), e);
    }
  }
}
