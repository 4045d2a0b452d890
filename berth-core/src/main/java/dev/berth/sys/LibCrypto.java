package dev.berth.sys;

import static dev.berth.sys.NativeCalls.INT;
import static dev.berth.sys.NativeCalls.LONG;
import static dev.berth.sys.NativeCalls.PTR;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The few calls of OpenSSL 3's {@code libcrypto.so.3} that SHA-256 needs: an {@code EVP_MD_CTX} per digest, init,
 * update, final, copy and free. The update takes a Java array directly (a critical call, so no copy to native
 * memory): hashing 1 MiB holds off the garbage collector for about a millisecond. {@link #load} answers empty when
 * the library or a symbol is missing, so callers fall back to the JDK's digest.
 */
final class LibCrypto {
  private final MethodHandle ctxNew;
  private final MethodHandle ctxFree;
  private final MethodHandle ctxCopy;
  private final MethodHandle init;
  private final MethodHandle update;
  private final MethodHandle fin;
  /** The SHA-256 implementation, fetched once ({@code EVP_MD_fetch}) so that each init skips the name lookup. */
  private final MemorySegment sha256;

  private LibCrypto(SymbolLookup lib) throws Throwable {
    ctxNew = handle(lib, "EVP_MD_CTX_new", FunctionDescriptor.of(PTR));
    ctxFree = handle(lib, "EVP_MD_CTX_free", FunctionDescriptor.ofVoid(PTR));
    ctxCopy = handle(lib, "EVP_MD_CTX_copy_ex", FunctionDescriptor.of(INT, PTR, PTR));
    init = handle(lib, "EVP_DigestInit_ex", FunctionDescriptor.of(INT, PTR, PTR, PTR));
    update = NativeCalls.downcall(lib, "EVP_DigestUpdate", FunctionDescriptor.of(INT, PTR, PTR, LONG),
        Linker.Option.critical(true));
    fin = handle(lib, "EVP_DigestFinal_ex", FunctionDescriptor.of(INT, PTR, PTR, PTR));
    MethodHandle fetch = handle(lib, "EVP_MD_fetch", FunctionDescriptor.of(PTR, PTR, PTR, PTR));
    try (Arena arena = Arena.ofConfined()) {
      sha256 = (MemorySegment) fetch.invokeExact(MemorySegment.NULL, arena.allocateFrom("SHA256"), MemorySegment.NULL);
    }
    if (sha256.equals(MemorySegment.NULL)) throw new IllegalStateException("EVP_MD_fetch(SHA256) found no implementation");
  }

  /** libcrypto.so.3 when it is there and has every symbol, else empty (the reason is not needed: the JDK's digest serves). */
  static Optional<LibCrypto> load() {
    try {
      return Optional.of(new LibCrypto(NativeCalls.library("libcrypto.so.3")));
    } catch (Throwable e) {
      return Optional.empty();
    }
  }

  private static MethodHandle handle(SymbolLookup lib, String name, FunctionDescriptor descriptor) {
    return NativeCalls.downcall(lib, name, descriptor);
  }

  /** A new context set up for SHA-256; the caller frees it. */
  MemorySegment newSha256() {
    MemorySegment ctx = call(() -> (MemorySegment) ctxNew.invokeExact());
    if (ctx.equals(MemorySegment.NULL)) throw new OutOfMemoryError("EVP_MD_CTX_new");
    reset(ctx);
    return ctx;
  }

  void reset(MemorySegment ctx) {
    check("EVP_DigestInit_ex", call(() -> (int) init.invokeExact(ctx, sha256, MemorySegment.NULL)));
  }

  void update(MemorySegment ctx, byte[] data, int offset, int length) {
    // no lambda here: this is the hot call, and it should be cheap even before the JIT compiles it
    int result;
    try {
      result = (int) update.invokeExact(ctx, MemorySegment.ofArray(data).asSlice(offset, length), (long) length);
    } catch (Throwable e) {
      throw new IllegalStateException("calling libcrypto EVP_DigestUpdate: " + e, e);
    }
    check("EVP_DigestUpdate", result);
  }

  /** Writes the 32-byte digest into {@code out} and leaves the context to be {@link #reset} before reuse. */
  void digest(MemorySegment ctx, MemorySegment out) {
    check("EVP_DigestFinal_ex", call(() -> (int) fin.invokeExact(ctx, out, MemorySegment.NULL)));
  }

  /** A new context in the same state as {@code ctx} (for MessageDigest.clone). */
  MemorySegment copy(MemorySegment ctx) {
    MemorySegment copy = call(() -> (MemorySegment) ctxNew.invokeExact());
    if (copy.equals(MemorySegment.NULL)) throw new OutOfMemoryError("EVP_MD_CTX_new");
    check("EVP_MD_CTX_copy_ex", call(() -> (int) ctxCopy.invokeExact(copy, ctx)));
    return copy;
  }

  void free(MemorySegment ctx) {
    call(() -> {
      ctxFree.invokeExact(ctx);
      return null;
    });
  }

  private static void check(String function, int result) {
    if (result != 1) throw new IllegalStateException("libcrypto " + function + " failed");
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws Throwable;
  }

  private static <T> T call(Call<T> c) {
    try {
      return c.run();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("calling libcrypto: " + e, e);
    }
  }
}
