package dev.berth.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;
import java.security.MessageDigestSpi;

/**
 * SHA-256 as a {@link MessageDigestSpi} over libcrypto. Large updates go straight to OpenSSL from the caller's array;
 * small ones (a tar header, a single byte) are gathered in a buffer first, since each native call has a fixed cost.
 * The native context is freed by a {@link Cleaner} once the digest is unreachable. Clones copy the native state.
 */
final class OpenSslSha256 extends MessageDigestSpi implements Cloneable {
  private static final Cleaner CLEANER = Cleaner.create();
  /** Updates smaller than this are buffered; larger ones go to OpenSSL directly. */
  private static final int DIRECT = 4096;
  private static final int BUFFER = 16 * 1024;

  private final LibCrypto lib;
  private final MemorySegment ctx;
  private final byte[] buffer = new byte[BUFFER];
  private int buffered;

  OpenSslSha256(LibCrypto lib) {
    this(lib, lib.newSha256());
  }

  private OpenSslSha256(LibCrypto lib, MemorySegment ctx) {
    this.lib = lib;
    this.ctx = ctx;
    CLEANER.register(this, () -> lib.free(ctx));
  }

  @Override
  protected int engineGetDigestLength() {
    return 32;
  }

  @Override
  protected void engineUpdate(byte input) {
    if (buffered == BUFFER) flush();
    buffer[buffered++] = input;
  }

  @Override
  protected void engineUpdate(byte[] input, int offset, int len) {
    if (len >= DIRECT) {
      flush();
      lib.update(ctx, input, offset, len);
      return;
    }
    if (buffered + len > BUFFER) flush();
    System.arraycopy(input, offset, buffer, buffered, len);
    buffered += len;
  }

  private void flush() {
    if (buffered > 0) lib.update(ctx, buffer, 0, buffered);
    buffered = 0;
  }

  @Override
  protected byte[] engineDigest() {
    flush();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(32);
      lib.digest(ctx, out);
      lib.reset(ctx);
      return out.toArray(ValueLayout.JAVA_BYTE);
    }
  }

  @Override
  protected void engineReset() {
    buffered = 0;
    lib.reset(ctx);
  }

  @Override
  public Object clone() {
    flush();
    return new OpenSslSha256(lib, lib.copy(ctx));
  }
}
