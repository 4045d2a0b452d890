package dev.berth.registry.testing;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for in-process test servers: a fresh CA, a server certificate for IP 127.0.0.1 and DNS localhost signed by
 * it, the server's context (its key and chain) and a client context whose only trusted root is that CA. For
 * client code that takes an {@link SSLContext}, without writing PEM files.
 */
public record TestTls(SSLContext server, SSLContext trustingClient) {
  private static final char[] PASSWORD = "test".toCharArray();

  /** A fresh CA and server certificate; milliseconds. */
  public static TestTls create() {
    try {
      Certificates.Issued ca = Certificates.certificateAuthority("Berth test CA");
      Certificates.Issued server = Certificates.server(ca);
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("server", server.keys().getPrivate(), PASSWORD,
          new Certificate[] {server.certificate(), ca.certificate()});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, PASSWORD);
      SSLContext serverContext = SSLContext.getInstance("TLS");
      serverContext.init(kmf.getKeyManagers(), null, null);

      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca.certificate());
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext client = SSLContext.getInstance("TLS");
      client.init(null, tmf.getTrustManagers(), null);
      return new TestTls(serverContext, client);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("make a test TLS pair: " + e.getMessage(), e);
    }
  }
}
