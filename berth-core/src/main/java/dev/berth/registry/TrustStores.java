package dev.berth.registry;

import dev.berth.errors.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS context: the JDK's trusted authorities plus the PEM files of {@link RegistryOptions} and
 * the {@code *.crt} files under its certs directory, as dockerd trusts {@code /etc/docker/certs.d}.
 */
final class TrustStores {
  private TrustStores() {}

  static SSLContext context(RegistryOptions options) {
    List<Path> files = new ArrayList<>(options.caCertificates());
    if (options.certsDir() != null) files.addAll(certsDirFiles(options.certsDir()));
    try {
      if (files.isEmpty()) return SSLContext.getDefault();
      KeyStore store = jdkDefaults();
      int n = 0;
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Path file : files) {
        try (InputStream in = Files.newInputStream(file)) {
          for (Certificate cert : factory.generateCertificates(in)) store.setCertificateEntry("berth-extra-" + n++, cert);
        } catch (IOException | java.security.cert.CertificateException e) {
          throw new InvalidArgumentException("reading the CA certificate " + file + ": " + e.getMessage(), e);
        }
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("setting up TLS for registries: " + e.getMessage(), e);
    }
  }

  /**
   * A context that accepts every server certificate, whoever signed it and whatever host it names: for
   * insecure registries only. The JDK checks the host name inside the trust manager, so this one skips that too.
   */
  static SSLContext trustingAnyCertificate() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new javax.net.ssl.TrustManager[] {new AcceptAnyCertificate()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("setting up TLS for insecure registries: " + e.getMessage(), e);
    }
  }

  /** Trusts any server; never used for clients, which registries do not authenticate this way. */
  private static final class AcceptAnyCertificate extends javax.net.ssl.X509ExtendedTrustManager {
    @Override
    public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType, java.net.Socket socket) {}

    @Override
    public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {}

    @Override
    public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType, java.net.Socket socket)
        throws java.security.cert.CertificateException {
      throw new java.security.cert.CertificateException("client certificates are not accepted");
    }

    @Override
    public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine)
        throws java.security.cert.CertificateException {
      throw new java.security.cert.CertificateException("client certificates are not accepted");
    }

    @Override
    public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType)
        throws java.security.cert.CertificateException {
      throw new java.security.cert.CertificateException("client certificates are not accepted");
    }

    @Override
    public java.security.cert.X509Certificate[] getAcceptedIssuers() {
      return new java.security.cert.X509Certificate[0];
    }
  }

  private static KeyStore jdkDefaults() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
    try (InputStream in = Files.newInputStream(cacerts)) {
      store.load(in, "changeit".toCharArray());
    } catch (IOException e) {
      try {
        store.load(null, null);
      } catch (IOException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
    return store;
  }

  private static List<Path> certsDirFiles(Path dir) {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) return out;
    try (DirectoryStream<Path> hosts = Files.newDirectoryStream(dir)) {
      for (Path host : hosts) {
        if (!Files.isDirectory(host)) continue;
        try (DirectoryStream<Path> crts = Files.newDirectoryStream(host, "*.crt")) {
          crts.forEach(out::add);
        }
      }
    } catch (IOException e) {
      throw new InvalidArgumentException("reading the certificates directory " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }
}
