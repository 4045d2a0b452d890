package dev.berth.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.Provider;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * libcrypto's SHA-256 against the JDK's, on the same bytes fed the same ways: whole, byte by byte, in small and large
 * pieces, through a ByteBuffer, after a reset, and from a clone taken half-way. libcrypto is part of a Berth host
 * (scripts/setup.sh installs libssl3), so its absence fails here rather than passing silently.
 */
class NativeSha256Test {
  private static final int[] SIZES = {0, 1, 55, 56, 63, 64, 65, 4095, 4096, 4097, 16 * 1024 + 1, 1024 * 1024 + 3};

  private final Provider openssl = NativeSha256.provider().orElseThrow(() -> new AssertionError("libcrypto.so.3 did not load"));

  private static MessageDigest jdk() throws Exception {
    return MessageDigest.getInstance("SHA-256", "SUN");
  }

  private MessageDigest native256() throws Exception {
    return MessageDigest.getInstance("SHA-256", openssl);
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void digest_wholeArrays_sameAsTheJdks() throws Exception {
    for (int size : SIZES) {
      byte[] data = random(size, size);
      assertThat(native256().digest(data)).as("size %d", size).isEqualTo(jdk().digest(data));
    }
  }

  @Test
  void update_mixedPieceSizesAndSingleBytes_sameAsTheJdks() throws Exception {
    byte[] data = random(3 * 1024 * 1024 + 17, 7);
    MessageDigest ours = native256();
    Random pieces = new Random(11);
    int at = 0;
    while (at < data.length) {
      int kind = pieces.nextInt(4);
      int len = Math.min(data.length - at, switch (kind) {
        case 0 -> 1;
        case 1 -> 1 + pieces.nextInt(512);
        case 2 -> 4096 + pieces.nextInt(8192);
        default -> 1024 * 1024;
      });
      if (len == 1) ours.update(data[at]);
      else ours.update(data, at, len);
      at += len;
    }
    assertThat(ours.digest()).isEqualTo(jdk().digest(data));
  }

  @Test
  void update_byteBuffersHeapAndDirect_sameAsTheJdks() throws Exception {
    byte[] data = random(100_000, 3);
    ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).flip();
    MessageDigest ours = native256();
    ours.update(ByteBuffer.wrap(data, 0, 50_000));
    ours.update(direct.position(50_000));
    assertThat(ours.digest()).isEqualTo(jdk().digest(data));
  }

  @Test
  void digest_thenReuseAndReset_startsAfresh() throws Exception {
    MessageDigest ours = native256();
    byte[] a = random(10_000, 1);
    byte[] b = random(70_000, 2);
    assertThat(ours.digest(a)).isEqualTo(jdk().digest(a));
    assertThat(ours.digest(b)).isEqualTo(jdk().digest(b));
    ours.update(a);
    ours.reset();
    assertThat(ours.digest(b)).isEqualTo(jdk().digest(b));
  }

  @Test
  void clone_halfWay_bothContinueIndependently() throws Exception {
    byte[] head = random(20_000, 5);
    byte[] tailA = random(9_000, 6);
    byte[] tailB = random(123, 7);
    MessageDigest ours = native256();
    ours.update(head);
    ours.update((byte) 42);
    MessageDigest copy = (MessageDigest) ours.clone();
    ours.update(tailA);
    copy.update(tailB);

    MessageDigest expectA = jdk();
    expectA.update(head);
    expectA.update((byte) 42);
    MessageDigest expectB = (MessageDigest) expectA.clone();
    expectA.update(tailA);
    expectB.update(tailB);
    assertThat(ours.digest()).isEqualTo(expectA.digest());
    assertThat(copy.digest()).isEqualTo(expectB.digest());
  }

  @Test
  void install_putsLibcryptoFirstForSha256Only() throws Exception {
    assertThat(NativeSha256.install()).isTrue();
    assertThat(NativeSha256.installed()).isTrue();
    assertThat(MessageDigest.getInstance("SHA-256").getProvider().getName()).isEqualTo(NativeSha256.PROVIDER);
    assertThat(MessageDigest.getInstance("SHA-512").getProvider().getName()).isNotEqualTo(NativeSha256.PROVIDER);
    byte[] data = random(5_000_000, 9);
    assertThat(dev.berth.oci.Digest.sha256(data)).isEqualTo(dev.berth.oci.Digest.fromSha256(jdk().digest(data)));
  }
}
