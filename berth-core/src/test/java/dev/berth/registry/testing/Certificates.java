package dev.berth.registry.testing;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * X.509 v3 certificates (RFC 5280) made in-process for the tests: a CA, a server certificate for 127.0.0.1 and
 * localhost signed by it, and self-signed keys. The JDK can sign but has no public API to build a certificate, and
 * keytool is a JVM start per step (seconds each on a loaded machine); the DER here is a hundred lines.
 */
final class Certificates {
  private static final String EC_SHA256 = "1.2.840.10045.4.3.2";
  private static final String RSA_SHA256 = "1.2.840.113549.1.1.11";
  private static final String COMMON_NAME = "2.5.4.3";
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String SUBJECT_ALT_NAME = "2.5.29.17";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Certificates() {}

  /** A key and the certificate for it. */
  record Issued(KeyPair keys, X509Certificate certificate) {}

  static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("generate an EC P-256 key: " + e.getMessage(), e);
    }
  }

  static KeyPair rsaKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("generate an RSA 2048 key: " + e.getMessage(), e);
    }
  }

  /** A self-signed CA certificate (basicConstraints CA:true, critical). */
  static Issued certificateAuthority(String commonName) {
    KeyPair keys = ecKeys();
    byte[] name = name(commonName);
    byte[] extensions = extension(BASIC_CONSTRAINTS, true, Der.sequence(Der.bool(true)));
    return new Issued(keys, sign(name, name, keys, keys.getPrivate(), extensions));
  }

  /** A server certificate for IP 127.0.0.1 and DNS localhost, signed by {@code ca}. */
  static Issued server(Issued ca) {
    KeyPair keys = ecKeys();
    byte[] altNames = Der.sequence(Der.implicitPrimitive(7, new byte[] {127, 0, 0, 1}),
        Der.implicitPrimitive(2, "localhost".getBytes(StandardCharsets.US_ASCII)));
    byte[] extensions = Der.concat(extension(BASIC_CONSTRAINTS, true, Der.sequence()),
        extension(SUBJECT_ALT_NAME, false, altNames));
    byte[] issuer = ca.certificate().getSubjectX500Principal().getEncoded();
    return new Issued(keys, sign(issuer, name("127.0.0.1"), keys, ca.keys().getPrivate(), extensions));
  }

  /** A self-signed certificate for an RSA key, e.g. a token server's signing key. */
  static Issued selfSignedRsa(String commonName) {
    KeyPair keys = rsaKeys();
    byte[] name = name(commonName);
    return new Issued(keys, sign(name, name, keys, keys.getPrivate(), null));
  }

  private static X509Certificate sign(byte[] issuer, byte[] subject, KeyPair subjectKeys, PrivateKey signer,
      byte[] extensions) {
    boolean ec = signer instanceof ECPrivateKey;
    byte[] algorithm = ec ? Der.sequence(Der.oid(EC_SHA256)) : Der.sequence(Der.oid(RSA_SHA256), Der.nullValue());
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    byte[] tbs = Der.sequence(
        Der.explicit(0, Der.integer(BigInteger.TWO)),
        Der.integer(new BigInteger(63, RANDOM).add(BigInteger.ONE)),
        algorithm,
        issuer,
        Der.sequence(Der.utcTime(now.minusHours(1)), Der.utcTime(now.plusDays(2))),
        subject,
        subjectKeys.getPublic().getEncoded(),
        extensions == null ? new byte[0] : Der.explicit(3, Der.sequence(extensions)));
    try {
      Signature signature = Signature.getInstance(ec ? "SHA256withECDSA" : "SHA256withRSA");
      signature.initSign(signer);
      signature.update(tbs);
      byte[] certificate = Der.sequence(tbs, algorithm, Der.bitString(signature.sign()));
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(certificate));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sign a test certificate: " + e.getMessage(), e);
    }
  }

  /** A distinguished name holding only a common name. */
  private static byte[] name(String commonName) {
    return Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8String(commonName))));
  }

  private static byte[] extension(String oid, boolean critical, byte[] value) {
    List<byte[]> parts = critical ? List.of(Der.oid(oid), Der.bool(true), Der.octetString(value))
        : List.of(Der.oid(oid), Der.octetString(value));
    return Der.sequence(parts.toArray(byte[][]::new));
  }
}
