package dev.berth.sys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SHA-256 through the system's OpenSSL 3 ({@code libcrypto.so.3}), offered to the whole process as a JCA provider,
 * so that every {@code MessageDigest.getInstance("SHA-256")} (the content store, layer diff IDs, archives) uses it
 * once {@link #install} has run.
 *
 * <p>Why: a pull hashes every byte it fetches and unpacks. In a fresh JVM the JDK's SHA-256 runs interpreted until
 * the JIT compiles it (its SHA-NI intrinsic only exists in compiled code), which cost about 330 ms for the first
 * 30 MB of berthd's first pull. OpenSSL runs at full speed from the first byte, and as fast as the warm JDK after.
 * When libcrypto is missing, or gives a wrong answer to the self-test, nothing is installed and the JDK's digest
 * serves as before. {@code -Dberth.sha256=jdk} keeps the JDK's on purpose (for comparisons).
 */
public final class NativeSha256 {
  /** The provider's name, as {@code MessageDigest.getProvider().getName()} reports it. */
  public static final String PROVIDER = "BerthOpenSSL";

  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static volatile boolean installed;

  private NativeSha256() {}

  /**
   * The provider over libcrypto, not installed anywhere, or empty when libcrypto cannot be loaded or fails the
   * self-test. For tests that compare it with the JDK's digest.
   */
  public static Optional<Provider> provider() {
    return LibCrypto.load().<Provider>map(Sha256Provider::new).filter(NativeSha256::selfTest);
  }

  /**
   * Puts the provider first in the process's list, once; returns whether SHA-256 now comes from libcrypto. Safe to
   * call from several threads and again later. Loading and linking libcrypto takes some tens of milliseconds in a
   * fresh JVM, so berthd calls this off its start path.
   */
  public static synchronized boolean install() {
    if (installed) return true;
    if ("jdk".equals(System.getProperty("berth.sha256"))) return false;
    Optional<Provider> provider = provider();
    provider.ifPresent(p -> Security.insertProviderAt(p, 1));
    installed = provider.isPresent();
    return installed;
  }

  /** Whether {@link #install} has put libcrypto's SHA-256 in place. */
  public static boolean installed() {
    return installed;
  }

  private static boolean selfTest(Provider p) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256", p);
      return HexFormat.of().formatHex(md.digest("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).equals(ABC);
    } catch (NoSuchAlgorithmException | RuntimeException e) {
      return false;
    }
  }

  /** One service: MessageDigest SHA-256 (with the JDK's aliases), each instance a fresh native context. */
  private static final class Sha256Provider extends Provider {
    Sha256Provider(LibCrypto lib) {
      super(PROVIDER, "1", "SHA-256 from the system's OpenSSL libcrypto");
      putService(new Service(this, "MessageDigest", "SHA-256", OpenSslSha256.class.getName(),
          List.of("SHA256", "2.16.840.1.101.3.4.2.1", "OID.2.16.840.1.101.3.4.2.1"), Map.of()) {
        @Override
        public Object newInstance(Object constructorParameter) {
          return new OpenSslSha256(lib);
        }
      });
    }
  }
}
