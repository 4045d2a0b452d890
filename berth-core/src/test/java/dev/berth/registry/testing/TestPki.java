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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made by the tests with the JDK's keytool (no openssl needed): a CA and a server certificate for
 * 127.0.0.1 for a TLS registry, and a self-signed RSA key for signing tokens. keytool keeps keys in PKCS#12; Go wants
 * PEM, so the private keys are exported here as PKCS#8 PEM.
 */
final class TestPki {
  private static final char[] PASSWORD = "berth-test".toCharArray();

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

  static Server server(Path dir) {
    try {
      Files.createDirectories(dir);
      Path ca = dir.resolve("ca.p12");
      Path server = dir.resolve("server.p12");
      keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Berth test CA",
          "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString());
      keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
          "-validity", "2", "-keystore", server.toString());
      Path csr = dir.resolve("server.csr");
      keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-file", csr.toString());
      Path certificatePem = dir.resolve("server.crt");
      keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-infile", csr.toString(), "-outfile",
          certificatePem.toString(), "-rfc", "-ext", "san=ip:127.0.0.1", "-ext", "eku=serverAuth", "-validity", "2");
      Path certDir = Files.createDirectories(dir.resolve("certs"));
      Path caPem = certDir.resolve("ca.crt");
      keytool("-exportcert", "-alias", "ca", "-keystore", ca.toString(), "-rfc", "-file", caPem.toString());
      Path keyPem = dir.resolve("server.key");
      writeKeyPem(load(server).privateKey(), keyPem);
      Files.delete(csr);
      return new Server(caPem, certDir, certificatePem, keyPem);
    } catch (IOException e) {
      throw new UncheckedIOException("make test certificates in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** A self-signed RSA 2048 key (RS256 is what registries' token servers commonly sign with). */
  static SigningKey signingKey(Path dir, String name) {
    try {
      Files.createDirectories(dir);
      Path store = dir.resolve(name + ".p12");
      keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name,
          "-validity", "2", "-keystore", store.toString());
      Path pem = dir.resolve(name + ".crt");
      keytool("-exportcert", "-alias", "server", "-keystore", store.toString(), "-rfc", "-file", pem.toString());
      Entry entry = load(store);
      return new SigningKey(entry.privateKey(), entry.certificate(), pem);
    } catch (IOException e) {
      throw new UncheckedIOException("make a test signing key in " + dir + ": " + e.getMessage(), e);
    }
  }

  private record Entry(PrivateKey privateKey, X509Certificate certificate) {}

  private static Entry load(Path store) {
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, PASSWORD);
      return new Entry((PrivateKey) keys.getKey("server", PASSWORD), (X509Certificate) keys.getCertificate("server"));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("read test key store " + store + ": " + e.getMessage(), e);
    }
  }

  private static void writeKeyPem(PrivateKey key, Path pem) throws IOException {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
    Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
  }

  private static void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-noprompt"));
    if (List.of(args).contains("-genkeypair")) {
      command.addAll(List.of("-keypass", new String(PASSWORD)));
    }
    Commands.run(command);
  }
}
