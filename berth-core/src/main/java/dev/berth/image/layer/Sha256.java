package dev.berth.image.layer;

import static dev.berth.sys.NativeCalls.INT;
import static dev.berth.sys.NativeCalls.LONG;
import static dev.berth.sys.NativeCalls.PTR;

import dev.berth.oci.Digest;
import dev.berth.sys.NativeCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.security.MessageDigest;

/**
 * A sha256 in progress, for a layer's diffID. Two kinds: OpenSSL's libcrypto through FFM when the library
 * is there, else the JDK's MessageDigest. Both use the CPU's SHA instructions at full speed, but the JDK's
 * only once C2 has compiled its loop: in a fresh JVM the first hundreds of megabytes are hashed by
 * interpreted or C1 code, several times slower, and the extraction waits for the hasher. libcrypto is
 * fast from the first byte. Either way the result is the same digest.
 *
 * <p>Not thread-safe; one owner. {@link #digest()} or {@link #discard()} ends it and frees native state.
 */
interface Sha256 {
  void update(byte[] b, int off, int len);

  /** Hashes {@code len} bytes of {@code seg} from {@code off}: the applier's native chunks, without a copy. */
  void update(MemorySegment seg, long off, long len);

  Digest digest();

  /** Frees the state without a result (an apply that failed). */
  void discard();

  /** The fastest kind available here. */
  static Sha256 create() {
    return OpenSsl.AVAILABLE ? new OpenSsl() : new Jdk();
  }

  /** The JDK's sha256. */
  final class Jdk implements Sha256 {
    private final MessageDigest sha = Digest.newSha256();

    @Override
    public void update(byte[] b, int off, int len) {
      sha.update(b, off, len);
    }

    @Override
    public void update(MemorySegment seg, long off, long len) {
      if (len == 0) return;
      sha.update(seg.asSlice(off, len).asByteBuffer());
    }

    @Override
    public Digest digest() {
      return Digest.fromSha256(sha.digest());
    }

    @Override
    public void discard() {
      sha.reset();
    }
  }

  /** libcrypto's EVP sha256, fed straight from heap arrays or native segments (critical downcalls, no copy). */
  final class OpenSsl implements Sha256 {
    static final boolean AVAILABLE;
    private static final MethodHandle CTX_NEW;
    private static final MethodHandle CTX_FREE;
    private static final MethodHandle EVP_SHA256;
    private static final MethodHandle INIT;
    private static final MethodHandle UPDATE;
    private static final MethodHandle FINAL;

    static {
      MethodHandle[] h = link();
      AVAILABLE = h != null;
      CTX_NEW = AVAILABLE ? h[0] : null;
      CTX_FREE = AVAILABLE ? h[1] : null;
      EVP_SHA256 = AVAILABLE ? h[2] : null;
      INIT = AVAILABLE ? h[3] : null;
      UPDATE = AVAILABLE ? h[4] : null;
      FINAL = AVAILABLE ? h[5] : null;
    }

    private MemorySegment ctx;

    OpenSsl() {
      if (!AVAILABLE) throw new IllegalStateException("sha256: libcrypto is not available");
      try {
        ctx = (MemorySegment) CTX_NEW.invokeExact();
        if (ctx.equals(MemorySegment.NULL)) throw new IllegalStateException("sha256: EVP_MD_CTX_new failed");
        MemorySegment md = (MemorySegment) EVP_SHA256.invokeExact();
        int ok = (int) INIT.invokeExact(ctx, md, MemorySegment.NULL);
        if (ok != 1) {
          discard();
          throw new IllegalStateException("sha256: EVP_DigestInit_ex failed");
        }
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException("sha256: libcrypto call failed", t);
      }
    }

    /** The handles, or null when libcrypto 3 (or 1.1) cannot be loaded: the JDK's digest is used then. */
    private static MethodHandle[] link() {
      for (String lib : new String[] {"libcrypto.so.3", "libcrypto.so.1.1"}) {
        try {
          SymbolLookup l = NativeCalls.library(lib);
          return new MethodHandle[] {
            NativeCalls.downcall(l, "EVP_MD_CTX_new", FunctionDescriptor.of(PTR)),
            NativeCalls.downcall(l, "EVP_MD_CTX_free", FunctionDescriptor.ofVoid(PTR)),
            NativeCalls.downcall(l, "EVP_sha256", FunctionDescriptor.of(PTR)),
            NativeCalls.downcall(l, "EVP_DigestInit_ex", FunctionDescriptor.of(INT, PTR, PTR, PTR)),
            // A chunk of at most 1 MiB takes about a millisecond: short enough to hold off the GC.
            NativeCalls.downcall(l, "EVP_DigestUpdate", FunctionDescriptor.of(INT, PTR, PTR, LONG),
                Linker.Option.critical(true)),
            NativeCalls.downcall(l, "EVP_DigestFinal_ex", FunctionDescriptor.of(INT, PTR, PTR, PTR)),
          };
        } catch (IllegalArgumentException | java.util.NoSuchElementException | UnsupportedOperationException
            | IllegalCallerException e) {
          // not here, or native access not allowed: try the next, then fall back to the JDK
        }
      }
      return null;
    }

    @Override
    public void update(byte[] b, int off, int len) {
      if (len == 0) return;
      try {
        int ok = (int) UPDATE.invokeExact(ctx, MemorySegment.ofArray(b).asSlice(off, len), (long) len);
        if (ok != 1) throw new IllegalStateException("sha256: EVP_DigestUpdate failed");
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException("sha256: libcrypto call failed", t);
      }
    }

    @Override
    public void update(MemorySegment seg, long off, long len) {
      if (len == 0) return;
      try {
        int ok = (int) UPDATE.invokeExact(ctx, seg.asSlice(off, len), len);
        if (ok != 1) throw new IllegalStateException("sha256: EVP_DigestUpdate failed");
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException("sha256: libcrypto call failed", t);
      }
    }

    @Override
    public Digest digest() {
      try (Arena a = Arena.ofConfined()) {
        MemorySegment out = a.allocate(64);
        int ok = (int) FINAL.invokeExact(ctx, out, MemorySegment.NULL);
        if (ok != 1) throw new IllegalStateException("sha256: EVP_DigestFinal_ex failed");
        return Digest.fromSha256(out.asSlice(0, 32).toArray(ValueLayout.JAVA_BYTE));
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException("sha256: libcrypto call failed", t);
      } finally {
        discard();
      }
    }

    @Override
    public void discard() {
      if (ctx == null) return;
      try {
        CTX_FREE.invokeExact(ctx);
      } catch (Throwable t) {
        // nothing useful to do: the context leaks
      }
      ctx = null;
    }
  }
}
